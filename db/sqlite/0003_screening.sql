-- Mandatory pre-visit screening. The questionnaire and the effect of each yes per service kind are data, seeded
-- from DESIGN.md by db/shared/0003_screening.sql (the migrator runs it after this file), so that the salon's doctor
-- can tighten a rule without a release. Health answers are special-category personal data: reads of answers and
-- clearances are written to health_audit.

CREATE TABLE screening_questions (
    code          TEXT PRIMARY KEY,
    text_ru       TEXT NOT NULL,
    text_en       TEXT NOT NULL,
    asked_on_day  INTEGER NOT NULL,
    sort_order    INTEGER NOT NULL
);

CREATE TABLE screening_rules (
    question_code  TEXT NOT NULL REFERENCES screening_questions (code),
    kind           TEXT NOT NULL CHECK (kind IN ('SURF', 'DEEP', 'HONEY', 'PRESS', 'MICRO', 'VAC')),
    effect         TEXT NOT NULL CHECK (effect IN ('A', 'R', 'D', 'W', '-')),
    PRIMARY KEY (question_code, kind)
);

CREATE TABLE screenings (
    id            TEXT PRIMARY KEY,
    client_id     TEXT NOT NULL REFERENCES clients (id),
    submitted_at  TEXT NOT NULL,
    valid_until   TEXT NOT NULL,
    channel       TEXT NOT NULL CHECK (channel IN ('mobile', 'desk')),
    submitted_by  TEXT NULL,
    superseded_at TEXT NULL
);
CREATE INDEX ix_screenings_client ON screenings (client_id, submitted_at);

CREATE TABLE screening_answers (
    screening_id   TEXT NOT NULL REFERENCES screenings (id),
    question_code  TEXT NOT NULL REFERENCES screening_questions (code),
    answer         INTEGER NOT NULL,
    PRIMARY KEY (screening_id, question_code)
);

CREATE TABLE clearances (
    id            TEXT PRIMARY KEY,
    client_id     TEXT NOT NULL REFERENCES clients (id),
    issued_on     TEXT NOT NULL,
    valid_until   TEXT NOT NULL,
    doctor        TEXT NOT NULL,
    clinic        TEXT NOT NULL,
    restrictions  TEXT NULL,
    pregnancy     INTEGER NOT NULL,
    recorded_at   TEXT NOT NULL,
    recorded_by   TEXT NULL,
    CHECK (valid_until >= issued_on)
);
CREATE INDEX ix_clearances_client ON clearances (client_id, valid_until);

CREATE TABLE clearance_kinds (
    clearance_id  TEXT NOT NULL REFERENCES clearances (id),
    kind          TEXT NOT NULL CHECK (kind IN ('SURF', 'DEEP', 'HONEY', 'PRESS', 'MICRO', 'VAC')),
    PRIMARY KEY (clearance_id, kind)
);

CREATE TABLE day_checks (
    id          TEXT PRIMARY KEY,
    booking_id  TEXT NOT NULL REFERENCES bookings (id),
    answered_at TEXT NOT NULL,
    answered_by TEXT NULL,
    passed      INTEGER NOT NULL
);
CREATE INDEX ix_day_checks_booking ON day_checks (booking_id);

CREATE TABLE day_check_answers (
    day_check_id   TEXT NOT NULL REFERENCES day_checks (id),
    question_code  TEXT NOT NULL REFERENCES screening_questions (code),
    answer         INTEGER NOT NULL,
    PRIMARY KEY (day_check_id, question_code)
);

CREATE TABLE health_audit (
    id          TEXT PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    TEXT NULL,
    actor_role  TEXT NOT NULL,
    client_id   TEXT NOT NULL,
    what        TEXT NOT NULL,
    record_id   TEXT NULL
);
CREATE INDEX ix_health_audit_at ON health_audit (at);
CREATE INDEX ix_health_audit_client ON health_audit (client_id, at);
