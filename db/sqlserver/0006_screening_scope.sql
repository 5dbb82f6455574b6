-- Screening a doctor would sign off (issue 10). A clearance is issued against one screening and names the conditions
-- (question codes) it lifts; clearances recorded before this migration name none and so lift nothing until re-entered.
-- A screening can be voided (day-of news, withdrawn consent). Health consent keeps its text version and purpose,
-- is given on paper or electronically, and a guardian's consent names the guardian.

ALTER TABLE screenings ADD voided_at datetimeoffset NULL,
    void_reason nvarchar(20) NULL CONSTRAINT ck_screenings_void_reason CHECK (void_reason IN ('day_of_check', 'consent_withdrawn')),
    destroyed_at datetimeoffset NULL;

ALTER TABLE clearances ADD screening_id uniqueidentifier NULL CONSTRAINT fk_clearances_screening REFERENCES screenings (id);
CREATE INDEX ix_clearances_screening ON clearances (screening_id);

CREATE TABLE clearance_conditions (
    clearance_id   uniqueidentifier NOT NULL REFERENCES clearances (id),
    question_code  nvarchar(3) NOT NULL REFERENCES screening_questions (code),
    CONSTRAINT pk_clearance_conditions PRIMARY KEY (clearance_id, question_code)
);

-- The channel CHECK of 0001 has a generated name: find it, drop it, and add the wider one under a name.
DECLARE @check sysname = (
    SELECT cc.name FROM sys.check_constraints cc
    JOIN sys.columns c ON c.object_id = cc.parent_object_id AND c.column_id = cc.parent_column_id
    WHERE cc.parent_object_id = OBJECT_ID(N'client_consents') AND c.name = N'channel');
DECLARE @drop nvarchar(300) = N'ALTER TABLE client_consents DROP CONSTRAINT ' + QUOTENAME(@check);
EXEC sp_executesql @drop;
GO

ALTER TABLE client_consents ADD CONSTRAINT ck_client_consents_channel
    CHECK (channel IN ('in_person', 'paper', 'web', 'mobile', 'phone', 'electronic'));
ALTER TABLE client_consents ADD text_version nvarchar(50) NULL, purpose nvarchar(500) NULL, guardian_name nvarchar(200) NULL,
    guardian_relation nvarchar(50) NULL, guardian_document nvarchar(200) NULL;
