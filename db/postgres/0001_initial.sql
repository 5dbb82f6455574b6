-- Salon schema, PostgreSQL. Money is integer kopecks; instants are timestamptz.

CREATE TABLE therapists (
    id          uuid PRIMARY KEY,
    first_name  varchar(100) NOT NULL CHECK (length(first_name) >= 1),
    last_name   varchar(100) NOT NULL CHECK (length(last_name) >= 1),
    active      boolean NOT NULL DEFAULT true,
    version     bigint NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL
);

CREATE TABLE staff_users (
    id             uuid PRIMARY KEY,
    login          varchar(100) NOT NULL UNIQUE CHECK (length(login) >= 3),
    password_hash  varchar(200) NOT NULL,
    role           varchar(20) NOT NULL CHECK (role IN ('admin', 'frontdesk', 'therapist')),
    therapist_id   uuid NULL REFERENCES therapists (id),
    active         boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL,
    CHECK ((role = 'therapist') = (therapist_id IS NOT NULL))
);

CREATE TABLE clients (
    id           uuid PRIMARY KEY,
    first_name   varchar(100) NOT NULL CHECK (length(first_name) >= 1),
    last_name    varchar(100) NOT NULL CHECK (length(last_name) >= 1),
    middle_name  varchar(100) NULL,
    phone        varchar(16) NOT NULL UNIQUE CHECK (length(phone) >= 8),
    email        varchar(254) NULL,
    birth_date   char(10) NULL,
    notes        varchar(2000) NULL,
    search_name  varchar(400) NOT NULL,
    version      bigint NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE INDEX ix_clients_search_name ON clients (search_name varchar_pattern_ops);

CREATE TABLE client_consents (
    id            uuid PRIMARY KEY,
    client_id     uuid NOT NULL REFERENCES clients (id),
    kind          varchar(20) NOT NULL CHECK (kind IN ('personal_data', 'health_data', 'guardian')),
    channel       varchar(20) NOT NULL CHECK (channel IN ('in_person', 'paper', 'web', 'mobile', 'phone')),
    given_at      timestamptz NOT NULL,
    withdrawn_at  timestamptz NULL,
    recorded_by   uuid NULL,
    CHECK (withdrawn_at IS NULL OR withdrawn_at >= given_at)
);
CREATE INDEX ix_client_consents_client ON client_consents (client_id, kind);

CREATE TABLE services (
    id                uuid PRIMARY KEY,
    name              varchar(100) NOT NULL UNIQUE CHECK (length(name) >= 1),
    kind              varchar(10) NOT NULL CHECK (kind IN ('manual', 'hardware')),
    screening_kind    varchar(5) NOT NULL CHECK (screening_kind IN ('SURF', 'DEEP', 'HONEY', 'PRESS', 'MICRO', 'VAC')),
    duration_minutes  integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
    buffer_minutes    integer NOT NULL CHECK (buffer_minutes BETWEEN 0 AND 240),
    device_type       varchar(50) NULL,
    required_skill    varchar(50) NOT NULL,
    active            boolean NOT NULL DEFAULT true,
    version           bigint NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL,
    CHECK ((kind = 'hardware') = (device_type IS NOT NULL))
);

CREATE TABLE service_prices (
    id              uuid PRIMARY KEY,
    service_id      uuid NOT NULL REFERENCES services (id),
    amount_kopecks  bigint NOT NULL CHECK (amount_kopecks > 0),
    effective_from  timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    created_by      uuid NULL,
    UNIQUE (service_id, effective_from)
);

CREATE TABLE devices (
    id           uuid PRIMARY KEY,
    device_type  varchar(50) NOT NULL,
    unit_name    varchar(100) NOT NULL,
    active       boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL,
    UNIQUE (device_type, unit_name)
);

CREATE TABLE device_maintenance (
    id         uuid PRIMARY KEY,
    device_id  uuid NOT NULL REFERENCES devices (id),
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    reason     varchar(500) NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX ix_device_maintenance_device ON device_maintenance (device_id, starts_at);

CREATE TABLE therapist_skills (
    therapist_id  uuid NOT NULL REFERENCES therapists (id),
    skill         varchar(50) NOT NULL,
    PRIMARY KEY (therapist_id, skill)
);

CREATE TABLE therapist_weekly_hours (
    id            uuid PRIMARY KEY,
    therapist_id  uuid NOT NULL REFERENCES therapists (id),
    day_of_week   integer NOT NULL CHECK (day_of_week BETWEEN 0 AND 6),
    start_minute  integer NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute    integer NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
    CHECK (end_minute > start_minute)
);
CREATE INDEX ix_therapist_weekly_hours ON therapist_weekly_hours (therapist_id, day_of_week);

CREATE TABLE therapist_exceptions (
    id            uuid PRIMARY KEY,
    therapist_id  uuid NOT NULL REFERENCES therapists (id),
    kind          varchar(20) NOT NULL CHECK (kind IN ('time_off', 'extra_shift')),
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    note          varchar(500) NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX ix_therapist_exceptions ON therapist_exceptions (therapist_id, starts_at);
