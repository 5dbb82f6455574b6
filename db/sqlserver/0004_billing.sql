-- Course packages and billing. Money is integer kopecks; payments, refunds, redemptions and receipts are append-only
-- records and every balance is derived from them. sessions_used can never pass session_count: the CHECK is the guard,
-- and redemption is a conditional UPDATE, so two desks redeeming at once cannot take the last session twice.

CREATE TABLE package_templates (
    id                 uniqueidentifier NOT NULL PRIMARY KEY,
    name               nvarchar(100) NOT NULL UNIQUE,
    service_id         uniqueidentifier NULL REFERENCES services (id),
    service_kind       nvarchar(10) NULL CHECK (service_kind IN ('manual', 'hardware')),
    session_count      int NOT NULL CHECK (session_count BETWEEN 1 AND 100),
    price_kopecks      bigint NOT NULL CHECK (price_kopecks > 0),
    validity_days      int NOT NULL CHECK (validity_days BETWEEN 1 AND 1000),
    validity_from      nvarchar(12) NOT NULL CHECK (validity_from IN ('purchase', 'first_visit')),
    min_days_between   int NOT NULL CHECK (min_days_between BETWEEN 0 AND 30),
    freeze_days        int NOT NULL CHECK (freeze_days BETWEEN 0 AND 365),
    refund_method      nvarchar(12) NOT NULL CHECK (refund_method IN ('pro_rata', 'single_price')),
    late_cancel_burns  bit NOT NULL,
    active             bit NOT NULL,
    created_at         datetimeoffset NOT NULL,
    CHECK ((service_id IS NULL AND service_kind IS NOT NULL) OR (service_id IS NOT NULL AND service_kind IS NULL))
);

CREATE TABLE packages (
    id                  uniqueidentifier NOT NULL PRIMARY KEY,
    template_id         uniqueidentifier NOT NULL REFERENCES package_templates (id),
    client_id           uniqueidentifier NOT NULL REFERENCES clients (id),
    name                nvarchar(100) NOT NULL,
    service_id          uniqueidentifier NULL,
    service_kind        nvarchar(10) NULL,
    session_count       int NOT NULL,
    sessions_used       int NOT NULL DEFAULT 0,
    price_kopecks       bigint NOT NULL,
    single_price_kopecks bigint NOT NULL,
    validity_days       int NOT NULL,
    validity_from       nvarchar(12) NOT NULL,
    min_days_between    int NOT NULL,
    freeze_days         int NOT NULL,
    freeze_days_used    int NOT NULL DEFAULT 0,
    refund_method       nvarchar(12) NOT NULL,
    late_cancel_burns   bit NOT NULL,
    sold_at             datetimeoffset NOT NULL,
    sold_on             nchar(10) NOT NULL,
    valid_from          nchar(10) NULL,
    expires_on          nchar(10) NULL,
    status              nvarchar(10) NOT NULL CHECK (status IN ('active', 'expired', 'refunded')),
    version             bigint NOT NULL DEFAULT 1,
    CHECK (sessions_used >= 0 AND sessions_used <= session_count),
    CHECK (freeze_days_used >= 0 AND freeze_days_used <= freeze_days)
);
CREATE INDEX ix_packages_client ON packages (client_id, sold_at);

CREATE TABLE package_freezes (
    id          uniqueidentifier NOT NULL PRIMARY KEY,
    package_id  uniqueidentifier NOT NULL REFERENCES packages (id),
    from_date   nchar(10) NOT NULL,
    to_date     nchar(10) NOT NULL,
    created_at  datetimeoffset NOT NULL,
    CHECK (to_date >= from_date)
);
CREATE INDEX ix_package_freezes_package ON package_freezes (package_id);

ALTER TABLE bookings ADD package_id uniqueidentifier NULL REFERENCES packages (id);
GO
CREATE INDEX ix_bookings_package ON bookings (package_id);

CREATE TABLE package_redemptions (
    id              uniqueidentifier NOT NULL PRIMARY KEY,
    package_id      uniqueidentifier NOT NULL REFERENCES packages (id),
    booking_id      uniqueidentifier NOT NULL UNIQUE REFERENCES bookings (id),
    kind            nvarchar(10) NOT NULL CHECK (kind IN ('redeemed', 'burned')),
    session_number  int NOT NULL,
    value_kopecks   bigint NOT NULL CHECK (value_kopecks >= 0),
    at              datetimeoffset NOT NULL,
    local_date      nchar(10) NOT NULL,
    CONSTRAINT uq_redemption_session UNIQUE (package_id, session_number)
);

CREATE TABLE receipts (
    id              uniqueidentifier NOT NULL PRIMARY KEY,
    operation       nvarchar(20) NOT NULL CHECK (operation IN ('income', 'refund_of_income')),
    event           nvarchar(30) NOT NULL,
    client_id       uniqueidentifier NOT NULL REFERENCES clients (id),
    at              datetimeoffset NOT NULL,
    local_date      nchar(10) NOT NULL,
    total_kopecks   bigint NOT NULL CHECK (total_kopecks >= 0),
    document        nvarchar(max) NOT NULL
);
CREATE INDEX ix_receipts_client ON receipts (client_id, at);

CREATE TABLE payments (
    id              uniqueidentifier NOT NULL PRIMARY KEY,
    client_id       uniqueidentifier NOT NULL REFERENCES clients (id),
    booking_id      uniqueidentifier NULL REFERENCES bookings (id),
    package_id      uniqueidentifier NULL REFERENCES packages (id),
    refund_of       uniqueidentifier NULL REFERENCES payments (id),
    kind            nvarchar(10) NOT NULL CHECK (kind IN ('payment', 'refund')),
    purpose         nvarchar(20) NOT NULL CHECK (purpose IN ('visit', 'deposit', 'package_sale', 'package_refund', 'refund')),
    method          nvarchar(10) NOT NULL CHECK (method IN ('cash', 'card')),
    amount_kopecks  bigint NOT NULL CHECK (amount_kopecks > 0),
    at              datetimeoffset NOT NULL,
    local_date      nchar(10) NOT NULL,
    created_by      uniqueidentifier NULL,
    receipt_id      uniqueidentifier NOT NULL REFERENCES receipts (id),
    CHECK ((kind = 'refund' AND purpose IN ('refund', 'package_refund')) OR (kind = 'payment' AND purpose NOT IN ('refund', 'package_refund')))
);
CREATE INDEX ix_payments_client ON payments (client_id, at);
CREATE INDEX ix_payments_day ON payments (local_date);
CREATE INDEX ix_payments_booking ON payments (booking_id);

CREATE TABLE vat_modes (
    id              uniqueidentifier NOT NULL PRIMARY KEY,
    effective_from  nchar(10) NOT NULL UNIQUE,
    mode            nvarchar(10) NOT NULL CHECK (mode IN ('none', 'vat5', 'vat7', 'vat22')),
    created_at      datetimeoffset NOT NULL
);
INSERT INTO vat_modes (id, effective_from, mode, created_at) VALUES ('01a20d00-0000-7000-8000-000000000001', '2000-01-01', 'none', '2000-01-01T00:00:00+00:00');
