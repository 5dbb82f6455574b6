-- Bookings. A booking holds its therapist and device through one resource_claims row per five-minute granule;
-- the primary key on (resource_id, slot_start) is what makes a double booking impossible under any concurrency.
-- Claims are written before their booking row in the same transaction, so they carry the booking id without a foreign key.

CREATE TABLE bookings (
    id                 uuid PRIMARY KEY,
    client_id          uuid NOT NULL REFERENCES clients (id),
    service_id         uuid NOT NULL REFERENCES services (id),
    therapist_id       uuid NOT NULL REFERENCES therapists (id),
    device_id          uuid NULL REFERENCES devices (id),
    starts_at          timestamptz NOT NULL,
    ends_at            timestamptz NOT NULL,
    held_until         timestamptz NOT NULL,
    status             varchar(12) NOT NULL CHECK (status IN ('booked', 'checked_in', 'completed', 'cancelled', 'no_show')),
    price_kopecks      bigint NOT NULL CHECK (price_kopecks >= 0),
    cancel_free_hours  integer NOT NULL CHECK (cancel_free_hours BETWEEN 0 AND 720),
    channel            varchar(10) NOT NULL CHECK (channel IN ('desk', 'mobile')),
    cancellation       varchar(20) NULL CHECK (cancellation IN ('client_in_time', 'client_late', 'salon', 'health_check')),
    notes              varchar(1000) NULL,
    version            bigint NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL,
    created_by         uuid NULL,
    CHECK (ends_at > starts_at AND held_until >= ends_at),
    CHECK ((status = 'cancelled') = (cancellation IS NOT NULL))
);
CREATE INDEX ix_bookings_therapist_start ON bookings (therapist_id, starts_at);
CREATE INDEX ix_bookings_device_start ON bookings (device_id, starts_at);
CREATE INDEX ix_bookings_client_start ON bookings (client_id, starts_at);
CREATE INDEX ix_bookings_start ON bookings (starts_at);

CREATE TABLE resource_claims (
    resource_id  uuid NOT NULL,
    slot_start   timestamptz NOT NULL,
    booking_id   uuid NOT NULL,
    PRIMARY KEY (resource_id, slot_start)
);
CREATE INDEX ix_resource_claims_booking ON resource_claims (booking_id);

CREATE TABLE booking_events (
    id            uuid PRIMARY KEY,
    booking_id    uuid NOT NULL REFERENCES bookings (id),
    seq           integer NOT NULL,
    kind          varchar(12) NOT NULL CHECK (kind IN ('created', 'rescheduled', 'cancelled', 'checked_in', 'completed', 'no_show')),
    at            timestamptz NOT NULL,
    actor_id      uuid NULL,
    actor_role    varchar(20) NULL,
    starts_at     timestamptz NOT NULL,
    therapist_id  uuid NOT NULL,
    device_id     uuid NULL,
    detail        varchar(500) NULL
);
CREATE UNIQUE INDEX ux_booking_events_seq ON booking_events (booking_id, seq);

CREATE TABLE idempotency_keys (
    scope            varchar(64) NOT NULL,
    idem_key         varchar(100) NOT NULL CHECK (length(idem_key) >= 1),
    request_hash     char(64) NOT NULL,
    status           varchar(10) NOT NULL CHECK (status IN ('in_flight', 'done')),
    response_status  integer NULL,
    response_body    text NULL,
    location         varchar(300) NULL,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    PRIMARY KEY (scope, idem_key)
);

CREATE TABLE client_accounts (
    id             uuid PRIMARY KEY,
    client_id      uuid NOT NULL UNIQUE REFERENCES clients (id),
    phone          varchar(16) NOT NULL UNIQUE,
    password_hash  varchar(200) NOT NULL,
    created_at     timestamptz NOT NULL
);
