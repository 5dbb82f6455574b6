-- Every token carries its subject's security stamp; a request whose stamp no longer matches is refused, so
-- deactivating a staff login or a client account ends its tokens within seconds instead of at their expiry.
-- One table for staff and client subjects (ids are UUID v7, never shared). Existing logins get a stamp now:
-- tokens issued before this migration carry none and are refused once, which asks everyone to log in again.

CREATE TABLE security_stamps (
    subject_id  TEXT PRIMARY KEY,
    stamp       TEXT NOT NULL
);
INSERT INTO security_stamps (subject_id, stamp) SELECT id, lower(hex(randomblob(16))) FROM staff_users;
INSERT INTO security_stamps (subject_id, stamp) SELECT id, lower(hex(randomblob(16))) FROM client_accounts;

ALTER TABLE client_accounts ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
