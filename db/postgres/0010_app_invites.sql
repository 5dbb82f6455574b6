-- One-time codes the front desk gives a client it registered, so they can open an account in the app with that phone.
-- Only a SHA-256 of the client id and code is kept; a code is used once (used_at) and dies at expires_at.
-- The newest code supersedes earlier ones (superseded_at), and client_accounts.client_id UNIQUE keeps one account.

CREATE TABLE app_invites (
    id             uuid PRIMARY KEY,
    client_id      uuid NOT NULL REFERENCES clients (id),
    code_hash      char(64) NOT NULL,
    created_at     timestamptz NOT NULL,
    created_by     uuid NULL,
    expires_at     timestamptz NOT NULL,
    used_at        timestamptz NULL,
    superseded_at  timestamptz NULL,
    CHECK (expires_at > created_at)
);
CREATE INDEX ix_app_invites_client ON app_invites (client_id, created_at);
