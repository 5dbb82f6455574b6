-- Salon schema, SQL Server. Money is bigint kopecks; instants are datetimeoffset kept in UTC.

CREATE TABLE therapists (
    id          uniqueidentifier NOT NULL PRIMARY KEY,
    first_name  nvarchar(100) NOT NULL CHECK (len(first_name) >= 1),
    last_name   nvarchar(100) NOT NULL CHECK (len(last_name) >= 1),
    active      bit NOT NULL DEFAULT 1,
    version     bigint NOT NULL DEFAULT 1,
    created_at  datetimeoffset NOT NULL
);

CREATE TABLE staff_users (
    id             uniqueidentifier NOT NULL PRIMARY KEY,
    login          nvarchar(100) NOT NULL UNIQUE CHECK (len(login) >= 3),
    password_hash  nvarchar(200) NOT NULL,
    role           nvarchar(20) NOT NULL CHECK (role IN ('admin', 'frontdesk', 'therapist')),
    therapist_id   uniqueidentifier NULL REFERENCES therapists (id),
    active         bit NOT NULL DEFAULT 1,
    created_at     datetimeoffset NOT NULL,
    CHECK ((role = 'therapist' AND therapist_id IS NOT NULL) OR (role <> 'therapist' AND therapist_id IS NULL))
);

CREATE TABLE clients (
    id           uniqueidentifier NOT NULL PRIMARY KEY,
    first_name   nvarchar(100) NOT NULL CHECK (len(first_name) >= 1),
    last_name    nvarchar(100) NOT NULL CHECK (len(last_name) >= 1),
    middle_name  nvarchar(100) NULL,
    phone        nvarchar(16) NOT NULL UNIQUE CHECK (len(phone) >= 8),
    email        nvarchar(254) NULL,
    birth_date   nchar(10) NULL,
    notes        nvarchar(2000) NULL,
    search_name  nvarchar(400) NOT NULL,
    version      bigint NOT NULL DEFAULT 1,
    created_at   datetimeoffset NOT NULL,
    updated_at   datetimeoffset NOT NULL
);
CREATE INDEX ix_clients_search_name ON clients (search_name);

CREATE TABLE client_consents (
    id            uniqueidentifier NOT NULL PRIMARY KEY,
    client_id     uniqueidentifier NOT NULL REFERENCES clients (id),
    kind          nvarchar(20) NOT NULL CHECK (kind IN ('personal_data', 'health_data', 'guardian')),
    channel       nvarchar(20) NOT NULL CHECK (channel IN ('in_person', 'paper', 'web', 'mobile', 'phone')),
    given_at      datetimeoffset NOT NULL,
    withdrawn_at  datetimeoffset NULL,
    recorded_by   uniqueidentifier NULL,
    CHECK (withdrawn_at IS NULL OR withdrawn_at >= given_at)
);
CREATE INDEX ix_client_consents_client ON client_consents (client_id, kind);

CREATE TABLE services (
    id                uniqueidentifier NOT NULL PRIMARY KEY,
    name              nvarchar(100) NOT NULL UNIQUE CHECK (len(name) >= 1),
    kind              nvarchar(10) NOT NULL CHECK (kind IN ('manual', 'hardware')),
    screening_kind    nvarchar(5) NOT NULL CHECK (screening_kind IN ('SURF', 'DEEP', 'HONEY', 'PRESS', 'MICRO', 'VAC')),
    duration_minutes  int NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
    buffer_minutes    int NOT NULL CHECK (buffer_minutes BETWEEN 0 AND 240),
    device_type       nvarchar(50) NULL,
    required_skill    nvarchar(50) NOT NULL,
    active            bit NOT NULL DEFAULT 1,
    version           bigint NOT NULL DEFAULT 1,
    created_at        datetimeoffset NOT NULL,
    CHECK ((kind = 'hardware' AND device_type IS NOT NULL) OR (kind = 'manual' AND device_type IS NULL))
);

CREATE TABLE service_prices (
    id              uniqueidentifier NOT NULL PRIMARY KEY,
    service_id      uniqueidentifier NOT NULL REFERENCES services (id),
    amount_kopecks  bigint NOT NULL CHECK (amount_kopecks > 0),
    effective_from  datetimeoffset NOT NULL,
    created_at      datetimeoffset NOT NULL,
    created_by      uniqueidentifier NULL,
    CONSTRAINT uq_service_prices_from UNIQUE (service_id, effective_from)
);

CREATE TABLE devices (
    id           uniqueidentifier NOT NULL PRIMARY KEY,
    device_type  nvarchar(50) NOT NULL,
    unit_name    nvarchar(100) NOT NULL,
    active       bit NOT NULL DEFAULT 1,
    created_at   datetimeoffset NOT NULL,
    CONSTRAINT uq_devices_unit UNIQUE (device_type, unit_name)
);

CREATE TABLE device_maintenance (
    id         uniqueidentifier NOT NULL PRIMARY KEY,
    device_id  uniqueidentifier NOT NULL REFERENCES devices (id),
    starts_at  datetimeoffset NOT NULL,
    ends_at    datetimeoffset NOT NULL,
    reason     nvarchar(500) NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX ix_device_maintenance_device ON device_maintenance (device_id, starts_at);

CREATE TABLE therapist_skills (
    therapist_id  uniqueidentifier NOT NULL REFERENCES therapists (id),
    skill         nvarchar(50) NOT NULL,
    PRIMARY KEY (therapist_id, skill)
);

CREATE TABLE therapist_weekly_hours (
    id            uniqueidentifier NOT NULL PRIMARY KEY,
    therapist_id  uniqueidentifier NOT NULL REFERENCES therapists (id),
    day_of_week   int NOT NULL CHECK (day_of_week BETWEEN 0 AND 6),
    start_minute  int NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute    int NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
    CHECK (end_minute > start_minute)
);
CREATE INDEX ix_therapist_weekly_hours ON therapist_weekly_hours (therapist_id, day_of_week);

CREATE TABLE therapist_exceptions (
    id            uniqueidentifier NOT NULL PRIMARY KEY,
    therapist_id  uniqueidentifier NOT NULL REFERENCES therapists (id),
    kind          nvarchar(20) NOT NULL CHECK (kind IN ('time_off', 'extra_shift')),
    starts_at     datetimeoffset NOT NULL,
    ends_at       datetimeoffset NOT NULL,
    note          nvarchar(500) NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX ix_therapist_exceptions ON therapist_exceptions (therapist_id, starts_at);
