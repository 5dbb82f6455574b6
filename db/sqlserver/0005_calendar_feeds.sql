-- Secret calendar feed URLs for phone calendars, which send no bearer token. Only a SHA-256 of the token is kept,
-- so a leaked database does not leak working feed URLs; a feed is revoked by stamping it.

CREATE TABLE calendar_feeds (
    id            uniqueidentifier NOT NULL PRIMARY KEY,
    therapist_id  uniqueidentifier NOT NULL REFERENCES therapists (id),
    token_hash    nchar(64) NOT NULL UNIQUE,
    created_at    datetimeoffset NOT NULL,
    created_by    uniqueidentifier NULL,
    revoked_at    datetimeoffset NULL
);
CREATE INDEX ix_calendar_feeds_therapist ON calendar_feeds (therapist_id);
