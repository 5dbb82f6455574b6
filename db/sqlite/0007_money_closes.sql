-- Money that closes. VAT modes 0 %, 10 % and 20 % besides none, 5 %, 7 % and 22 % (older sales are refunded at their
-- own rate). Receipts name the payment, visit and course they are about, so every advance can be followed to its end.
-- The client's acceptance of the late-cancellation and no-show policy is recorded on the course and on the booking:
-- nothing is burnt or kept without it. Payments (refunds are payment rows too), receipts and course redemptions are
-- append-only in the database itself: a trigger refuses UPDATE and DELETE, whatever SQL the application sends.

-- SQLite cannot change a CHECK in place: the small vat_modes table is copied into a new one (nothing references it).
CREATE TABLE vat_modes_new (
    id              TEXT PRIMARY KEY,
    effective_from  TEXT NOT NULL UNIQUE,
    mode            TEXT NOT NULL CHECK (mode IN ('none', 'vat0', 'vat5', 'vat7', 'vat10', 'vat20', 'vat22')),
    created_at      TEXT NOT NULL
);
INSERT INTO vat_modes_new (id, effective_from, mode, created_at)
    SELECT id, effective_from, mode, created_at FROM vat_modes;
DROP TABLE vat_modes;
ALTER TABLE vat_modes_new RENAME TO vat_modes;

ALTER TABLE receipts ADD COLUMN payment_id TEXT NULL;
ALTER TABLE receipts ADD COLUMN booking_id TEXT NULL REFERENCES bookings (id);
ALTER TABLE receipts ADD COLUMN package_id TEXT NULL REFERENCES packages (id);
CREATE INDEX ix_receipts_booking ON receipts (booking_id);
CREATE INDEX ix_receipts_package ON receipts (package_id);
CREATE INDEX ix_payments_package ON payments (package_id);

ALTER TABLE packages ADD COLUMN policy_accepted_at TEXT NULL;
ALTER TABLE packages ADD COLUMN policy_channel TEXT NULL;
ALTER TABLE packages ADD COLUMN policy_version TEXT NULL;
ALTER TABLE bookings ADD COLUMN policy_accepted_at TEXT NULL;
ALTER TABLE bookings ADD COLUMN policy_channel TEXT NULL;
ALTER TABLE bookings ADD COLUMN policy_version TEXT NULL;

CREATE TRIGGER tr_payments_no_update BEFORE UPDATE ON payments
BEGIN SELECT RAISE(ABORT, 'append-only: rows of payments are never updated or deleted'); END;
CREATE TRIGGER tr_payments_no_delete BEFORE DELETE ON payments
BEGIN SELECT RAISE(ABORT, 'append-only: rows of payments are never updated or deleted'); END;
CREATE TRIGGER tr_receipts_no_update BEFORE UPDATE ON receipts
BEGIN SELECT RAISE(ABORT, 'append-only: rows of receipts are never updated or deleted'); END;
CREATE TRIGGER tr_receipts_no_delete BEFORE DELETE ON receipts
BEGIN SELECT RAISE(ABORT, 'append-only: rows of receipts are never updated or deleted'); END;
CREATE TRIGGER tr_package_redemptions_no_update BEFORE UPDATE ON package_redemptions
BEGIN SELECT RAISE(ABORT, 'append-only: rows of package_redemptions are never updated or deleted'); END;
CREATE TRIGGER tr_package_redemptions_no_delete BEFORE DELETE ON package_redemptions
BEGIN SELECT RAISE(ABORT, 'append-only: rows of package_redemptions are never updated or deleted'); END;
