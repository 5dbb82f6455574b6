-- Bookings. A booking holds its therapist and device through one resource_claims row per five-minute granule;
-- the primary key on (resource_id, slot_start) is what makes a double booking impossible under any concurrency.
-- Claims are written before their booking row in the same transaction, so they carry the booking id without a foreign key.

CREATE TABLE bookings (
    id                 TEXT PRIMARY KEY,
    client_id          TEXT NOT NULL REFERENCES clients (id),
    service_id         TEXT NOT NULL REFERENCES services (id),
    therapist_id       TEXT NOT NULL REFERENCES therapists (id),
    device_id          TEXT NULL REFERENCES devices (id),
    starts_at          TEXT NOT NULL,
    ends_at            TEXT NOT NULL,
    held_until         TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('booked', 'checked_in', 'completed', 'cancelled', 'no_show')),
    price_kopecks      INTEGER NOT NULL CHECK (price_kopecks >= 0),
    cancel_free_hours  INTEGER NOT NULL CHECK (cancel_free_hours BETWEEN 0 AND 720),
    channel            TEXT NOT NULL CHECK (channel IN ('desk', 'mobile')),
    cancellation       TEXT NULL CHECK (cancellation IN ('client_in_time', 'client_late', 'salon', 'health_check')),
    notes              TEXT NULL CHECK (length(notes) <= 1000),
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         TEXT NOT NULL,
    created_by         TEXT NULL,
    CHECK (ends_at > starts_at AND held_until >= ends_at),
    CHECK ((status = 'cancelled') = (cancellation IS NOT NULL))
);
CREATE INDEX ix_bookings_therapist_start ON bookings (therapist_id, starts_at);
CREATE INDEX ix_bookings_device_start ON bookings (device_id, starts_at);
CREATE INDEX ix_bookings_client_start ON bookings (client_id, starts_at);
CREATE INDEX ix_bookings_start ON bookings (starts_at);

CREATE TABLE resource_claims (
    resource_id  TEXT NOT NULL,
    slot_start   TEXT NOT NULL,
    booking_id   TEXT NOT NULL,
    PRIMARY KEY (resource_id, slot_start)
);
CREATE INDEX ix_resource_claims_booking ON resource_claims (booking_id);

CREATE TABLE booking_events (
    id            TEXT PRIMARY KEY,
    booking_id    TEXT NOT NULL REFERENCES bookings (id),
    seq           INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('created', 'rescheduled', 'cancelled', 'checked_in', 'completed', 'no_show')),
    at            TEXT NOT NULL,
    actor_id      TEXT NULL,
    actor_role    TEXT NULL,
    starts_at     TEXT NOT NULL,
    therapist_id  TEXT NOT NULL,
    device_id     TEXT NULL,
    detail        TEXT NULL
);
CREATE UNIQUE INDEX ux_booking_events_seq ON booking_events (booking_id, seq);

CREATE TABLE idempotency_keys (
    scope            TEXT NOT NULL,
    idem_key         TEXT NOT NULL CHECK (length(idem_key) BETWEEN 1 AND 100),
    request_hash     TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('in_flight', 'done')),
    response_status  INTEGER NULL,
    response_body    TEXT NULL,
    location         TEXT NULL,
    created_at       TEXT NOT NULL,
    expires_at       TEXT NOT NULL,
    PRIMARY KEY (scope, idem_key)
);

CREATE TABLE client_accounts (
    id             TEXT PRIMARY KEY,
    client_id      TEXT NOT NULL UNIQUE REFERENCES clients (id),
    phone          TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
