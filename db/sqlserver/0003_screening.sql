-- Mandatory pre-visit screening. The questionnaire and the effect of each yes per service kind are data, seeded
-- from DESIGN.md by db/shared/0003_screening.sql (the migrator runs it after this file), so that the salon's doctor
-- can tighten a rule without a release. Health answers are special-category personal data: reads of answers and
-- clearances are written to health_audit.

CREATE TABLE screening_questions (
    code          nvarchar(3) NOT NULL PRIMARY KEY,
    text_ru       nvarchar(500) NOT NULL,
    text_en       nvarchar(500) NOT NULL,
    asked_on_day  bit NOT NULL,
    sort_order    int NOT NULL
);

CREATE TABLE screening_rules (
    question_code  nvarchar(3) NOT NULL REFERENCES screening_questions (code),
    kind           nvarchar(5) NOT NULL CHECK (kind IN ('SURF', 'DEEP', 'HONEY', 'PRESS', 'MICRO', 'VAC')),
    effect         nvarchar(1) NOT NULL CHECK (effect IN ('A', 'R', 'D', 'W', '-')),
    CONSTRAINT pk_screening_rules PRIMARY KEY (question_code, kind)
);

CREATE TABLE screenings (
    id            uniqueidentifier NOT NULL PRIMARY KEY,
    client_id     uniqueidentifier NOT NULL REFERENCES clients (id),
    submitted_at  datetimeoffset NOT NULL,
    valid_until   datetimeoffset NOT NULL,
    channel       nvarchar(10) NOT NULL CHECK (channel IN ('mobile', 'desk')),
    submitted_by  uniqueidentifier NULL,
    superseded_at datetimeoffset NULL
);
CREATE INDEX ix_screenings_client ON screenings (client_id, submitted_at);

CREATE TABLE screening_answers (
    screening_id   uniqueidentifier NOT NULL REFERENCES screenings (id),
    question_code  nvarchar(3) NOT NULL REFERENCES screening_questions (code),
    answer         bit NOT NULL,
    CONSTRAINT pk_screening_answers PRIMARY KEY (screening_id, question_code)
);

CREATE TABLE clearances (
    id            uniqueidentifier NOT NULL PRIMARY KEY,
    client_id     uniqueidentifier NOT NULL REFERENCES clients (id),
    issued_on     nchar(10) NOT NULL,
    valid_until   nchar(10) NOT NULL,
    doctor        nvarchar(200) NOT NULL,
    clinic        nvarchar(200) NOT NULL,
    restrictions  nvarchar(500) NULL,
    pregnancy     bit NOT NULL,
    recorded_at   datetimeoffset NOT NULL,
    recorded_by   uniqueidentifier NULL,
    CHECK (valid_until >= issued_on)
);
CREATE INDEX ix_clearances_client ON clearances (client_id, valid_until);

CREATE TABLE clearance_kinds (
    clearance_id  uniqueidentifier NOT NULL REFERENCES clearances (id),
    kind          nvarchar(5) NOT NULL CHECK (kind IN ('SURF', 'DEEP', 'HONEY', 'PRESS', 'MICRO', 'VAC')),
    CONSTRAINT pk_clearance_kinds PRIMARY KEY (clearance_id, kind)
);

CREATE TABLE day_checks (
    id          uniqueidentifier NOT NULL PRIMARY KEY,
    booking_id  uniqueidentifier NOT NULL REFERENCES bookings (id),
    answered_at datetimeoffset NOT NULL,
    answered_by uniqueidentifier NULL,
    passed      bit NOT NULL
);
CREATE INDEX ix_day_checks_booking ON day_checks (booking_id);

CREATE TABLE day_check_answers (
    day_check_id   uniqueidentifier NOT NULL REFERENCES day_checks (id),
    question_code  nvarchar(3) NOT NULL REFERENCES screening_questions (code),
    answer         bit NOT NULL,
    CONSTRAINT pk_day_check_answers PRIMARY KEY (day_check_id, question_code)
);

CREATE TABLE health_audit (
    id          uniqueidentifier NOT NULL PRIMARY KEY,
    at          datetimeoffset NOT NULL,
    actor_id    uniqueidentifier NULL,
    actor_role  nvarchar(200) NOT NULL,
    client_id   uniqueidentifier NOT NULL,
    what        nvarchar(200) NOT NULL,
    record_id   uniqueidentifier NULL
);
CREATE INDEX ix_health_audit_at ON health_audit (at);
CREATE INDEX ix_health_audit_client ON health_audit (client_id, at);
