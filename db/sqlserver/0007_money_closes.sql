-- Money that closes. VAT modes 0 %, 10 % and 20 % besides none, 5 %, 7 % and 22 % (older sales are refunded at their
-- own rate). Receipts name the payment, visit and course they are about, so every advance can be followed to its end.
-- The client's acceptance of the late-cancellation and no-show policy is recorded on the course and on the booking:
-- nothing is burnt or kept without it. Payments (refunds are payment rows too), receipts and course redemptions are
-- append-only in the database itself: a trigger refuses UPDATE and DELETE, whatever SQL the application sends.

-- The CHECK of 0004 has a generated name: find it and drop it.
DECLARE @check sysname = (SELECT cc.name FROM sys.check_constraints cc
    JOIN sys.columns c ON c.object_id = cc.parent_object_id AND c.column_id = cc.parent_column_id
    WHERE cc.parent_object_id = OBJECT_ID(N'vat_modes') AND c.name = N'mode');
DECLARE @drop nvarchar(300) = N'ALTER TABLE vat_modes DROP CONSTRAINT ' + QUOTENAME(@check);
IF @check IS NOT NULL EXEC sp_executesql @drop;
ALTER TABLE vat_modes ADD CONSTRAINT ck_vat_modes_mode
    CHECK (mode IN ('none', 'vat0', 'vat5', 'vat7', 'vat10', 'vat20', 'vat22'));

ALTER TABLE receipts ADD payment_id uniqueidentifier NULL;
ALTER TABLE receipts ADD booking_id uniqueidentifier NULL REFERENCES bookings (id);
ALTER TABLE receipts ADD package_id uniqueidentifier NULL REFERENCES packages (id);
GO
CREATE INDEX ix_receipts_booking ON receipts (booking_id);
CREATE INDEX ix_receipts_package ON receipts (package_id);
CREATE INDEX ix_payments_package ON payments (package_id);

ALTER TABLE packages ADD policy_accepted_at datetimeoffset NULL;
ALTER TABLE packages ADD policy_channel nvarchar(10) NULL;
ALTER TABLE packages ADD policy_version nvarchar(40) NULL;
ALTER TABLE bookings ADD policy_accepted_at datetimeoffset NULL;
ALTER TABLE bookings ADD policy_channel nvarchar(10) NULL;
ALTER TABLE bookings ADD policy_version nvarchar(40) NULL;
GO
CREATE TRIGGER tr_payments_append_only ON payments AFTER UPDATE, DELETE AS
BEGIN
    THROW 51000, N'append-only: rows of payments are never updated or deleted', 1;
END;
GO
CREATE TRIGGER tr_receipts_append_only ON receipts AFTER UPDATE, DELETE AS
BEGIN
    THROW 51000, N'append-only: rows of receipts are never updated or deleted', 1;
END;
GO
CREATE TRIGGER tr_package_redemptions_append_only ON package_redemptions AFTER UPDATE, DELETE AS
BEGIN
    THROW 51000, N'append-only: rows of package_redemptions are never updated or deleted', 1;
END;
GO
