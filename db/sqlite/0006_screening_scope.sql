-- Screening a doctor would sign off (issue 10). A clearance is issued against one screening and names the conditions
-- (question codes) it lifts; clearances recorded before this migration name none and so lift nothing until re-entered.
-- A screening can be voided (day-of news, withdrawn consent). Health consent keeps its text version and purpose,
-- is given on paper or electronically, and a guardian's consent names the guardian.

ALTER TABLE screenings ADD COLUMN voided_at TEXT NULL;
ALTER TABLE screenings ADD COLUMN void_reason TEXT NULL CHECK (void_reason IN ('day_of_check', 'consent_withdrawn'));
ALTER TABLE screenings ADD COLUMN destroyed_at TEXT NULL;

ALTER TABLE clearances ADD COLUMN screening_id TEXT NULL REFERENCES screenings (id);
CREATE INDEX ix_clearances_screening ON clearances (screening_id);

CREATE TABLE clearance_conditions (
    clearance_id   TEXT NOT NULL REFERENCES clearances (id),
    question_code  TEXT NOT NULL REFERENCES screening_questions (code),
    PRIMARY KEY (clearance_id, question_code)
);

-- SQLite cannot change a CHECK in place: the consents table is rebuilt with the wider channel list and the new columns.
CREATE TABLE client_consents_0006 (
    id                 TEXT PRIMARY KEY,
    client_id          TEXT NOT NULL REFERENCES clients (id),
    kind               TEXT NOT NULL CHECK (kind IN ('personal_data', 'health_data', 'guardian')),
    channel            TEXT NOT NULL CHECK (channel IN ('in_person', 'paper', 'web', 'mobile', 'phone', 'electronic')),
    given_at           TEXT NOT NULL,
    withdrawn_at       TEXT NULL,
    recorded_by        TEXT NULL,
    text_version       TEXT NULL CHECK (length(text_version) <= 50),
    purpose            TEXT NULL CHECK (length(purpose) <= 500),
    guardian_name      TEXT NULL CHECK (length(guardian_name) <= 200),
    guardian_relation  TEXT NULL CHECK (length(guardian_relation) <= 50),
    guardian_document  TEXT NULL CHECK (length(guardian_document) <= 200),
    CHECK (withdrawn_at IS NULL OR withdrawn_at >= given_at)
);
INSERT INTO client_consents_0006 (id, client_id, kind, channel, given_at, withdrawn_at, recorded_by)
    SELECT id, client_id, kind, channel, given_at, withdrawn_at, recorded_by FROM client_consents;
DROP TABLE client_consents;
ALTER TABLE client_consents_0006 RENAME TO client_consents;
CREATE INDEX ix_client_consents_client ON client_consents (client_id, kind);
