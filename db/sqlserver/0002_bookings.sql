-- Bookings. A booking holds its therapist and device through one resource_claims row per five-minute granule;
-- the primary key on (resource_id, slot_start) is what makes a double booking impossible under any concurrency.
-- Claims are written before their booking row in the same transaction, so they carry the booking id without a foreign key.

CREATE TABLE bookings (
    id                 uniqueidentifier NOT NULL PRIMARY KEY,
    client_id          uniqueidentifier NOT NULL REFERENCES clients (id),
    service_id         uniqueidentifier NOT NULL REFERENCES services (id),
    therapist_id       uniqueidentifier NOT NULL REFERENCES therapists (id),
    device_id          uniqueidentifier NULL REFERENCES devices (id),
    starts_at          datetimeoffset NOT NULL,
    ends_at            datetimeoffset NOT NULL,
    held_until         datetimeoffset NOT NULL,
    status             nvarchar(12) NOT NULL CHECK (status IN ('booked', 'checked_in', 'completed', 'cancelled', 'no_show')),
    price_kopecks      bigint NOT NULL CHECK (price_kopecks >= 0),
    cancel_free_hours  int NOT NULL CHECK (cancel_free_hours BETWEEN 0 AND 720),
    channel            nvarchar(10) NOT NULL CHECK (channel IN ('desk', 'mobile')),
    cancellation       nvarchar(20) NULL CHECK (cancellation IN ('client_in_time', 'client_late', 'salon', 'health_check')),
    notes              nvarchar(1000) NULL,
    version            bigint NOT NULL DEFAULT 1,
    created_at         datetimeoffset NOT NULL,
    created_by         uniqueidentifier NULL,
    CHECK (ends_at > starts_at AND held_until >= ends_at),
    CHECK ((status = 'cancelled' AND cancellation IS NOT NULL) OR (status <> 'cancelled' AND cancellation IS NULL))
);
CREATE INDEX ix_bookings_therapist_start ON bookings (therapist_id, starts_at);
CREATE INDEX ix_bookings_device_start ON bookings (device_id, starts_at);
CREATE INDEX ix_bookings_client_start ON bookings (client_id, starts_at);
CREATE INDEX ix_bookings_start ON bookings (starts_at);

CREATE TABLE resource_claims (
    resource_id  uniqueidentifier NOT NULL,
    slot_start   datetimeoffset NOT NULL,
    booking_id   uniqueidentifier NOT NULL,
    CONSTRAINT pk_resource_claims PRIMARY KEY (resource_id, slot_start)
);
CREATE INDEX ix_resource_claims_booking ON resource_claims (booking_id);

CREATE TABLE booking_events (
    id            uniqueidentifier NOT NULL PRIMARY KEY,
    booking_id    uniqueidentifier NOT NULL REFERENCES bookings (id),
    seq           int NOT NULL,
    kind          nvarchar(12) NOT NULL CHECK (kind IN ('created', 'rescheduled', 'cancelled', 'checked_in', 'completed', 'no_show')),
    at            datetimeoffset NOT NULL,
    actor_id      uniqueidentifier NULL,
    actor_role    nvarchar(20) NULL,
    starts_at     datetimeoffset NOT NULL,
    therapist_id  uniqueidentifier NOT NULL,
    device_id     uniqueidentifier NULL,
    detail        nvarchar(500) NULL
);
CREATE UNIQUE INDEX ux_booking_events_seq ON booking_events (booking_id, seq);

CREATE TABLE idempotency_keys (
    scope            nvarchar(64) NOT NULL,
    idem_key         nvarchar(100) NOT NULL CHECK (len(idem_key) >= 1),
    request_hash     nchar(64) NOT NULL,
    status           nvarchar(10) NOT NULL CHECK (status IN ('in_flight', 'done')),
    response_status  int NULL,
    response_body    nvarchar(max) NULL,
    location         nvarchar(300) NULL,
    created_at       datetimeoffset NOT NULL,
    expires_at       datetimeoffset NOT NULL,
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (scope, idem_key)
);

CREATE TABLE client_accounts (
    id             uniqueidentifier NOT NULL PRIMARY KEY,
    client_id      uniqueidentifier NOT NULL UNIQUE REFERENCES clients (id),
    phone          nvarchar(16) NOT NULL UNIQUE,
    password_hash  nvarchar(200) NOT NULL,
    created_at     datetimeoffset NOT NULL
);
