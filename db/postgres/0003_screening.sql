-- Mandatory pre-visit screening. The questionnaire and the effect of each yes per service kind are data, seeded
-- from DESIGN.md by db/shared/0003_screening.sql (the migrator runs it after this file), so that the salon's doctor
-- can tighten a rule without a release. Health answers are special-category personal data: reads of answers and
-- clearances are written to health_audit.

CREATE TABLE screening_questions (
    code          varchar(3) PRIMARY KEY,
    text_ru       varchar(500) NOT NULL,
    text_en       varchar(500) NOT NULL,
    asked_on_day  boolean NOT NULL,
    sort_order    int NOT NULL
);

CREATE TABLE screening_rules (
    question_code  varchar(3) NOT NULL REFERENCES screening_questions (code),
    kind           varchar(5) NOT NULL CHECK (kind IN ('SURF', 'DEEP', 'HONEY', 'PRESS', 'MICRO', 'VAC')),
    effect         varchar(1) NOT NULL CHECK (effect IN ('A', 'R', 'D', 'W', '-')),
    PRIMARY KEY (question_code, kind)
);

CREATE TABLE screenings (
    id            uuid PRIMARY KEY,
    client_id     uuid NOT NULL REFERENCES clients (id),
    submitted_at  timestamptz NOT NULL,
    valid_until   timestamptz NOT NULL,
    channel       varchar(10) NOT NULL CHECK (channel IN ('mobile', 'desk')),
    submitted_by  uuid NULL,
    superseded_at timestamptz NULL
);
CREATE INDEX ix_screenings_client ON screenings (client_id, submitted_at);

CREATE TABLE screening_answers (
    screening_id   uuid NOT NULL REFERENCES screenings (id),
    question_code  varchar(3) NOT NULL REFERENCES screening_questions (code),
    answer         boolean NOT NULL,
    PRIMARY KEY (screening_id, question_code)
);

CREATE TABLE clearances (
    id            uuid PRIMARY KEY,
    client_id     uuid NOT NULL REFERENCES clients (id),
    issued_on     char(10) NOT NULL,
    valid_until   char(10) NOT NULL,
    doctor        varchar(200) NOT NULL,
    clinic        varchar(200) NOT NULL,
    restrictions  varchar(500) NULL,
    pregnancy     boolean NOT NULL,
    recorded_at   timestamptz NOT NULL,
    recorded_by   uuid NULL,
    CHECK (valid_until >= issued_on)
);
CREATE INDEX ix_clearances_client ON clearances (client_id, valid_until);

CREATE TABLE clearance_kinds (
    clearance_id  uuid NOT NULL REFERENCES clearances (id),
    kind          varchar(5) NOT NULL CHECK (kind IN ('SURF', 'DEEP', 'HONEY', 'PRESS', 'MICRO', 'VAC')),
    PRIMARY KEY (clearance_id, kind)
);

CREATE TABLE day_checks (
    id          uuid PRIMARY KEY,
    booking_id  uuid NOT NULL REFERENCES bookings (id),
    answered_at timestamptz NOT NULL,
    answered_by uuid NULL,
    passed      boolean NOT NULL
);
CREATE INDEX ix_day_checks_booking ON day_checks (booking_id);

CREATE TABLE day_check_answers (
    day_check_id   uuid NOT NULL REFERENCES day_checks (id),
    question_code  varchar(3) NOT NULL REFERENCES screening_questions (code),
    answer         boolean NOT NULL,
    PRIMARY KEY (day_check_id, question_code)
);

CREATE TABLE health_audit (
    id          uuid PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor_id    uuid NULL,
    actor_role  varchar(200) NOT NULL,
    client_id   uuid NOT NULL,
    what        varchar(200) NOT NULL,
    record_id   uuid NULL
);
CREATE INDEX ix_health_audit_at ON health_audit (at);
CREATE INDEX ix_health_audit_client ON health_audit (client_id, at);
