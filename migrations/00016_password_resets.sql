-- +goose Up
-- Password resets: a one-time link sent to the account's e-mail. Only the
-- SHA-256 of the token is kept, so the table alone cannot reset anything.
CREATE TABLE password_resets (
    id         bigserial   PRIMARY KEY,
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash bytea       NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id) WHERE used_at IS NULL;

-- +goose Down
DROP TABLE password_resets;
