-- Web console logins (issue 17, docs/console.md). A one-time code is printed by
-- `cascade-node console-login` inside a link; only its SHA-256 is kept, and it is spent on first use.
-- The session it opens lives in an HttpOnly cookie; its row is what logout ends.
CREATE TABLE console_login_code (
    code_hash  bytea        PRIMARY KEY,
    dept       varchar(64),                 -- the department; null for an operator (node-admin)
    roles      varchar(255) NOT NULL,       -- comma-separated role keys
    issued_by  varchar(255) NOT NULL,
    created_at timestamptz  NOT NULL,
    expires_at timestamptz  NOT NULL,
    used_at    timestamptz
);

CREATE TABLE console_session (
    id         varchar(36)  PRIMARY KEY,    -- the session token's sid claim
    dept       varchar(64),
    roles      varchar(255) NOT NULL,
    via        varchar(16)  NOT NULL,       -- login-code | oidc
    started_at timestamptz  NOT NULL,
    expires_at timestamptz  NOT NULL,
    ended_at   timestamptz
);
CREATE INDEX console_session_expiry ON console_session (expires_at);
