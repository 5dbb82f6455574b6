-- Course packages and billing. Money is integer kopecks; payments, refunds, redemptions and receipts are append-only
-- records and every balance is derived from them. sessions_used can never pass session_count: the CHECK is the guard,
-- and redemption is a conditional UPDATE, so two desks redeeming at once cannot take the last session twice.

CREATE TABLE package_templates (
    id                 TEXT PRIMARY KEY,
    name               TEXT NOT NULL UNIQUE,
    service_id         TEXT NULL REFERENCES services (id),
    service_kind       TEXT NULL CHECK (service_kind IN ('manual', 'hardware')),
    session_count      INTEGER NOT NULL CHECK (session_count BETWEEN 1 AND 100),
    price_kopecks      INTEGER NOT NULL CHECK (price_kopecks > 0),
    validity_days      INTEGER NOT NULL CHECK (validity_days BETWEEN 1 AND 1000),
    validity_from      TEXT NOT NULL CHECK (validity_from IN ('purchase', 'first_visit')),
    min_days_between   INTEGER NOT NULL CHECK (min_days_between BETWEEN 0 AND 30),
    freeze_days        INTEGER NOT NULL CHECK (freeze_days BETWEEN 0 AND 365),
    refund_method      TEXT NOT NULL CHECK (refund_method IN ('pro_rata', 'single_price')),
    late_cancel_burns  INTEGER NOT NULL,
    active             INTEGER NOT NULL,
    created_at         TEXT NOT NULL,
    CHECK ((service_id IS NULL AND service_kind IS NOT NULL) OR (service_id IS NOT NULL AND service_kind IS NULL))
);

CREATE TABLE packages (
    id                  TEXT PRIMARY KEY,
    template_id         TEXT NOT NULL REFERENCES package_templates (id),
    client_id           TEXT NOT NULL REFERENCES clients (id),
    name                TEXT NOT NULL,
    service_id          TEXT NULL,
    service_kind        TEXT NULL,
    session_count       INTEGER NOT NULL,
    sessions_used       INTEGER NOT NULL DEFAULT 0,
    price_kopecks       INTEGER NOT NULL,
    single_price_kopecks INTEGER NOT NULL,
    validity_days       INTEGER NOT NULL,
    validity_from       TEXT NOT NULL,
    min_days_between    INTEGER NOT NULL,
    freeze_days         INTEGER NOT NULL,
    freeze_days_used    INTEGER NOT NULL DEFAULT 0,
    refund_method       TEXT NOT NULL,
    late_cancel_burns   INTEGER NOT NULL,
    sold_at             TEXT NOT NULL,
    sold_on             TEXT NOT NULL,
    valid_from          TEXT NULL,
    expires_on          TEXT NULL,
    status              TEXT NOT NULL CHECK (status IN ('active', 'expired', 'refunded')),
    version             INTEGER NOT NULL DEFAULT 1,
    CHECK (sessions_used >= 0 AND sessions_used <= session_count),
    CHECK (freeze_days_used >= 0 AND freeze_days_used <= freeze_days)
);
CREATE INDEX ix_packages_client ON packages (client_id, sold_at);

CREATE TABLE package_freezes (
    id          TEXT PRIMARY KEY,
    package_id  TEXT NOT NULL REFERENCES packages (id),
    from_date   TEXT NOT NULL,
    to_date     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    CHECK (to_date >= from_date)
);
CREATE INDEX ix_package_freezes_package ON package_freezes (package_id);

ALTER TABLE bookings ADD COLUMN package_id TEXT NULL REFERENCES packages (id);
CREATE INDEX ix_bookings_package ON bookings (package_id);

CREATE TABLE package_redemptions (
    id              TEXT PRIMARY KEY,
    package_id      TEXT NOT NULL REFERENCES packages (id),
    booking_id      TEXT NOT NULL UNIQUE REFERENCES bookings (id),
    kind            TEXT NOT NULL CHECK (kind IN ('redeemed', 'burned')),
    session_number  INTEGER NOT NULL,
    value_kopecks   INTEGER NOT NULL CHECK (value_kopecks >= 0),
    at              TEXT NOT NULL,
    local_date      TEXT NOT NULL,
    UNIQUE (package_id, session_number)
);

CREATE TABLE receipts (
    id              TEXT PRIMARY KEY,
    operation       TEXT NOT NULL CHECK (operation IN ('income', 'refund_of_income')),
    event           TEXT NOT NULL,
    client_id       TEXT NOT NULL REFERENCES clients (id),
    at              TEXT NOT NULL,
    local_date      TEXT NOT NULL,
    total_kopecks   INTEGER NOT NULL CHECK (total_kopecks >= 0),
    document        TEXT NOT NULL
);
CREATE INDEX ix_receipts_client ON receipts (client_id, at);

CREATE TABLE payments (
    id              TEXT PRIMARY KEY,
    client_id       TEXT NOT NULL REFERENCES clients (id),
    booking_id      TEXT NULL REFERENCES bookings (id),
    package_id      TEXT NULL REFERENCES packages (id),
    refund_of       TEXT NULL REFERENCES payments (id),
    kind            TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
    purpose         TEXT NOT NULL CHECK (purpose IN ('visit', 'deposit', 'package_sale', 'package_refund', 'refund')),
    method          TEXT NOT NULL CHECK (method IN ('cash', 'card')),
    amount_kopecks  INTEGER NOT NULL CHECK (amount_kopecks > 0),
    at              TEXT NOT NULL,
    local_date      TEXT NOT NULL,
    created_by      TEXT NULL,
    receipt_id      TEXT NOT NULL REFERENCES receipts (id),
    CHECK ((kind = 'refund') = (purpose IN ('refund', 'package_refund')))
);
CREATE INDEX ix_payments_client ON payments (client_id, at);
CREATE INDEX ix_payments_day ON payments (local_date);
CREATE INDEX ix_payments_booking ON payments (booking_id);

CREATE TABLE vat_modes (
    id              TEXT PRIMARY KEY,
    effective_from  TEXT NOT NULL UNIQUE,
    mode            TEXT NOT NULL CHECK (mode IN ('none', 'vat5', 'vat7', 'vat22')),
    created_at      TEXT NOT NULL
);
INSERT INTO vat_modes (id, effective_from, mode, created_at) VALUES ('01a20d00-0000-7000-8000-000000000001', '2000-01-01', 'none', '2000-01-01T00:00:00.0000000Z');
