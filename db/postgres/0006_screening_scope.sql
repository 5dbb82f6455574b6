-- Screening a doctor would sign off (issue 10). A clearance is issued against one screening and names the conditions
-- (question codes) it lifts; clearances recorded before this migration name none and so lift nothing until re-entered.
-- A screening can be voided (day-of news, withdrawn consent). Health consent keeps its text version and purpose,
-- is given on paper or electronically, and a guardian's consent names the guardian.

ALTER TABLE screenings ADD COLUMN voided_at timestamptz NULL;
ALTER TABLE screenings ADD COLUMN void_reason varchar(20) NULL CHECK (void_reason IN ('day_of_check', 'consent_withdrawn'));
ALTER TABLE screenings ADD COLUMN destroyed_at timestamptz NULL;

ALTER TABLE clearances ADD COLUMN screening_id uuid NULL REFERENCES screenings (id);
CREATE INDEX ix_clearances_screening ON clearances (screening_id);

CREATE TABLE clearance_conditions (
    clearance_id   uuid NOT NULL REFERENCES clearances (id),
    question_code  varchar(3) NOT NULL REFERENCES screening_questions (code),
    PRIMARY KEY (clearance_id, question_code)
);

ALTER TABLE client_consents DROP CONSTRAINT client_consents_channel_check;
ALTER TABLE client_consents ADD CONSTRAINT client_consents_channel_check
    CHECK (channel IN ('in_person', 'paper', 'web', 'mobile', 'phone', 'electronic'));
ALTER TABLE client_consents ADD COLUMN text_version varchar(50) NULL;
ALTER TABLE client_consents ADD COLUMN purpose varchar(500) NULL;
ALTER TABLE client_consents ADD COLUMN guardian_name varchar(200) NULL;
ALTER TABLE client_consents ADD COLUMN guardian_relation varchar(50) NULL;
ALTER TABLE client_consents ADD COLUMN guardian_document varchar(200) NULL;
