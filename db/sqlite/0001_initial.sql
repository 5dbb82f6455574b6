-- Salon schema, SQLite. Ids are uuid text, instants fixed-width UTC text (see TypeHandlers), money integer kopecks.

CREATE TABLE therapists (
    id          TEXT PRIMARY KEY,
    first_name  TEXT NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name   TEXT NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL
);

CREATE TABLE staff_users (
    id             TEXT PRIMARY KEY,
    login          TEXT NOT NULL UNIQUE CHECK (length(login) BETWEEN 3 AND 100),
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'frontdesk', 'therapist')),
    therapist_id   TEXT NULL REFERENCES therapists (id),
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at     TEXT NOT NULL,
    CHECK ((role = 'therapist') = (therapist_id IS NOT NULL))
);

CREATE TABLE clients (
    id           TEXT PRIMARY KEY,
    first_name   TEXT NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name    TEXT NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    middle_name  TEXT NULL CHECK (length(middle_name) <= 100),
    phone        TEXT NOT NULL UNIQUE CHECK (length(phone) BETWEEN 8 AND 16),
    email        TEXT NULL CHECK (length(email) <= 254),
    birth_date   TEXT NULL CHECK (length(birth_date) = 10),
    notes        TEXT NULL CHECK (length(notes) <= 2000),
    search_name  TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX ix_clients_search_name ON clients (search_name);

CREATE TABLE client_consents (
    id            TEXT PRIMARY KEY,
    client_id     TEXT NOT NULL REFERENCES clients (id),
    kind          TEXT NOT NULL CHECK (kind IN ('personal_data', 'health_data', 'guardian')),
    channel       TEXT NOT NULL CHECK (channel IN ('in_person', 'paper', 'web', 'mobile', 'phone')),
    given_at      TEXT NOT NULL,
    withdrawn_at  TEXT NULL,
    recorded_by   TEXT NULL,
    CHECK (withdrawn_at IS NULL OR withdrawn_at >= given_at)
);
CREATE INDEX ix_client_consents_client ON client_consents (client_id, kind);

CREATE TABLE services (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    kind              TEXT NOT NULL CHECK (kind IN ('manual', 'hardware')),
    screening_kind    TEXT NOT NULL CHECK (screening_kind IN ('SURF', 'DEEP', 'HONEY', 'PRESS', 'MICRO', 'VAC')),
    duration_minutes  INTEGER NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
    buffer_minutes    INTEGER NOT NULL CHECK (buffer_minutes BETWEEN 0 AND 240),
    device_type       TEXT NULL CHECK (length(device_type) BETWEEN 1 AND 50),
    required_skill    TEXT NOT NULL CHECK (length(required_skill) BETWEEN 1 AND 50),
    active            INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        TEXT NOT NULL,
    CHECK ((kind = 'hardware') = (device_type IS NOT NULL))
);

CREATE TABLE service_prices (
    id              TEXT PRIMARY KEY,
    service_id      TEXT NOT NULL REFERENCES services (id),
    amount_kopecks  INTEGER NOT NULL CHECK (amount_kopecks > 0),
    effective_from  TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NULL,
    UNIQUE (service_id, effective_from)
);

CREATE TABLE devices (
    id           TEXT PRIMARY KEY,
    device_type  TEXT NOT NULL CHECK (length(device_type) BETWEEN 1 AND 50),
    unit_name    TEXT NOT NULL CHECK (length(unit_name) BETWEEN 1 AND 100),
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at   TEXT NOT NULL,
    UNIQUE (device_type, unit_name)
);

CREATE TABLE device_maintenance (
    id         TEXT PRIMARY KEY,
    device_id  TEXT NOT NULL REFERENCES devices (id),
    starts_at  TEXT NOT NULL,
    ends_at    TEXT NOT NULL,
    reason     TEXT NULL CHECK (length(reason) <= 500),
    CHECK (ends_at > starts_at)
);
CREATE INDEX ix_device_maintenance_device ON device_maintenance (device_id, starts_at);

CREATE TABLE therapist_skills (
    therapist_id  TEXT NOT NULL REFERENCES therapists (id),
    skill         TEXT NOT NULL CHECK (length(skill) BETWEEN 1 AND 50),
    PRIMARY KEY (therapist_id, skill)
);

CREATE TABLE therapist_weekly_hours (
    id            TEXT PRIMARY KEY,
    therapist_id  TEXT NOT NULL REFERENCES therapists (id),
    day_of_week   INTEGER NOT NULL CHECK (day_of_week BETWEEN 0 AND 6),
    start_minute  INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute    INTEGER NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
    CHECK (end_minute > start_minute)
);
CREATE INDEX ix_therapist_weekly_hours ON therapist_weekly_hours (therapist_id, day_of_week);

CREATE TABLE therapist_exceptions (
    id            TEXT PRIMARY KEY,
    therapist_id  TEXT NOT NULL REFERENCES therapists (id),
    kind          TEXT NOT NULL CHECK (kind IN ('time_off', 'extra_shift')),
    starts_at     TEXT NOT NULL,
    ends_at       TEXT NOT NULL,
    note          TEXT NULL CHECK (length(note) <= 500),
    CHECK (ends_at > starts_at)
);
CREATE INDEX ix_therapist_exceptions ON therapist_exceptions (therapist_id, starts_at);
