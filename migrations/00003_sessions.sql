-- +goose Up
-- Server-side sessions (gorilla/sessions store). The cookie carries only the
-- signed id; id_hash is the SHA-256 of that id so a database leak does not
-- leak live session ids. user_id lets logout-everywhere and password changes
-- revoke every session of a user.
CREATE TABLE sessions (
    id_hash    bytea       PRIMARY KEY,
    user_id    bigint      REFERENCES users (id) ON DELETE CASCADE,
    data       bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Failed login attempts, for throttling per account and per client address.
-- key is a SHA-256 of "account:<identifier>" or "ip:<address>", never the raw value.
CREATE TABLE login_failures (
    id         bigserial   PRIMARY KEY,
    key        bytea       NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key_at_idx ON login_failures (key, at);

-- +goose Down
DROP TABLE login_failures;
DROP TABLE sessions;
