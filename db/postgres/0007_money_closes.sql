-- Money that closes. VAT modes 0 %, 10 % and 20 % besides none, 5 %, 7 % and 22 % (older sales are refunded at their
-- own rate). Receipts name the payment, visit and course they are about, so every advance can be followed to its end.
-- The client's acceptance of the late-cancellation and no-show policy is recorded on the course and on the booking:
-- nothing is burnt or kept without it. Payments (refunds are payment rows too), receipts and course redemptions are
-- append-only in the database itself: a trigger refuses UPDATE and DELETE, whatever SQL the application sends.

ALTER TABLE vat_modes DROP CONSTRAINT IF EXISTS vat_modes_mode_check;
ALTER TABLE vat_modes ADD CONSTRAINT ck_vat_modes_mode
    CHECK (mode IN ('none', 'vat0', 'vat5', 'vat7', 'vat10', 'vat20', 'vat22'));

ALTER TABLE receipts ADD COLUMN payment_id uuid NULL;
ALTER TABLE receipts ADD COLUMN booking_id uuid NULL REFERENCES bookings (id);
ALTER TABLE receipts ADD COLUMN package_id uuid NULL REFERENCES packages (id);
CREATE INDEX ix_receipts_booking ON receipts (booking_id);
CREATE INDEX ix_receipts_package ON receipts (package_id);
CREATE INDEX ix_payments_package ON payments (package_id);

ALTER TABLE packages ADD COLUMN policy_accepted_at timestamptz NULL;
ALTER TABLE packages ADD COLUMN policy_channel varchar(10) NULL;
ALTER TABLE packages ADD COLUMN policy_version varchar(40) NULL;
ALTER TABLE bookings ADD COLUMN policy_accepted_at timestamptz NULL;
ALTER TABLE bookings ADD COLUMN policy_channel varchar(10) NULL;
ALTER TABLE bookings ADD COLUMN policy_version varchar(40) NULL;

CREATE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'append-only: rows of % are never updated or deleted', TG_TABLE_NAME USING ERRCODE = '55000';
END
$$;
CREATE TRIGGER tr_payments_append_only BEFORE UPDATE OR DELETE ON payments
    FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER tr_receipts_append_only BEFORE UPDATE OR DELETE ON receipts
    FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER tr_package_redemptions_append_only BEFORE UPDATE OR DELETE ON package_redemptions
    FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
