-- +goose Up
-- Accounts of citizens, businesses and staff. Staff (clerk, officer, leader,
-- admin) belong to exactly one unit; citizens and businesses to none.
CREATE TABLE users (
    id                  bigserial PRIMARY KEY,
    role                text        NOT NULL CHECK (role IN ('citizen', 'business', 'clerk', 'officer', 'leader', 'admin')),
    full_name           text        NOT NULL,
    personal_id         text        UNIQUE CHECK (personal_id ~ '^[0-9]{12}$'),
    tax_code            text        UNIQUE CHECK (tax_code ~ '^[0-9]{10}(-[0-9]{3})?$'),
    email               text        NOT NULL,
    phone               text        NOT NULL DEFAULT '',
    password_hash       text        NOT NULL,
    unit_id             bigint      REFERENCES units (id),
    locale              text        NOT NULL DEFAULT 'vi' CHECK (locale IN ('vi', 'en')),
    active              boolean     NOT NULL DEFAULT true,
    password_changed_at timestamptz NOT NULL DEFAULT now(),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK ((role IN ('citizen', 'business')) = (unit_id IS NULL)),
    CHECK (role <> 'citizen' OR personal_id IS NOT NULL),
    CHECK (role <> 'business' OR tax_code IS NOT NULL)
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_unit_idx ON users (unit_id);

-- +goose Down
DROP TABLE users;
