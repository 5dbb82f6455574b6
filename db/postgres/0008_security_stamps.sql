-- Every token carries its subject's security stamp; a request whose stamp no longer matches is refused, so
-- deactivating a staff login or a client account ends its tokens within seconds instead of at their expiry.
-- One table for staff and client subjects (ids are UUID v7, never shared). Existing logins get a stamp now:
-- tokens issued before this migration carry none and are refused once, which asks everyone to log in again.

CREATE TABLE security_stamps (
    subject_id  uuid PRIMARY KEY,
    stamp       char(32) NOT NULL
);
INSERT INTO security_stamps (subject_id, stamp) SELECT id, md5(random()::text || id::text) FROM staff_users;
INSERT INTO security_stamps (subject_id, stamp) SELECT id, md5(random()::text || id::text) FROM client_accounts;

ALTER TABLE client_accounts ADD COLUMN active boolean NOT NULL DEFAULT true;
