-- Events out: the transactional outbox, webhook subscriptions and their deliveries.
-- An event's position is taken from the 'head' cursor row, whose lock each writing transaction holds until it commits,
-- so positions follow commit order without gaps: a reader that saw position n has seen every position below it.
-- Other cursors ('webhooks', and later consumers) record how far each consumer has read; a consumer takes its row
-- with READPAST and UPDLOCK, so one instance at a time reads it.

CREATE TABLE outbox_cursors (
    name      nvarchar(64) NOT NULL PRIMARY KEY,
    position  bigint NOT NULL CHECK (position >= 0)
);
INSERT INTO outbox_cursors (name, position) VALUES ('head', 0), ('webhooks', 0);

CREATE TABLE outbox (
    position     bigint NOT NULL PRIMARY KEY CHECK (position > 0),
    id           uniqueidentifier NOT NULL UNIQUE,
    type         nvarchar(64) NOT NULL,
    subject_id   uniqueidentifier NOT NULL,
    occurred_at  datetimeoffset NOT NULL,
    data         nvarchar(max) NOT NULL
);

CREATE TABLE webhook_subscriptions (
    id               uniqueidentifier NOT NULL PRIMARY KEY,
    url              nvarchar(2000) NOT NULL CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
    event_types      nvarchar(2000) NOT NULL,
    description      nvarchar(200) NULL,
    secret           nvarchar(100) NOT NULL,
    active           bit NOT NULL,
    paused_at        datetimeoffset NULL,
    failures_in_row  int NOT NULL DEFAULT 0,
    version          bigint NOT NULL,
    created_at       datetimeoffset NOT NULL
);

CREATE TABLE webhook_deliveries (
    id               uniqueidentifier NOT NULL PRIMARY KEY,
    subscription_id  uniqueidentifier NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event_position   bigint NOT NULL REFERENCES outbox (position),
    subject_id       uniqueidentifier NOT NULL,
    status           nvarchar(16) NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         int NOT NULL DEFAULT 0,
    next_attempt_at  datetimeoffset NOT NULL,
    give_up_at       datetimeoffset NOT NULL,
    lease_until      datetimeoffset NULL,
    lease_owner      uniqueidentifier NULL,
    last_attempt_at  datetimeoffset NULL,
    last_status      int NULL,
    last_error       nvarchar(500) NULL,
    delivered_at     datetimeoffset NULL,
    created_at       datetimeoffset NOT NULL,
    UNIQUE (subscription_id, event_position)
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX ix_webhook_deliveries_subject ON webhook_deliveries (subscription_id, subject_id, event_position);
