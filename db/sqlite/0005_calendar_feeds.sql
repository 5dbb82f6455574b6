-- Secret calendar feed URLs for phone calendars, which send no bearer token. Only a SHA-256 of the token is kept,
-- so a leaked database does not leak working feed URLs; a feed is revoked by stamping it.

CREATE TABLE calendar_feeds (
    id            TEXT PRIMARY KEY,
    therapist_id  TEXT NOT NULL REFERENCES therapists (id),
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    created_by    TEXT NULL,
    revoked_at    TEXT NULL
);
CREATE INDEX ix_calendar_feeds_therapist ON calendar_feeds (therapist_id);
