-- Accounts and the audit log (issue #12). outreach/accounts.py and outreach/audit.py are the only writers.

-- Local accounts. No password is stored, only its argon2id hash (argon2-cffi's encoded form,
-- '$argon2id$v=19$m=…,t=…,p=…$salt$hash'). A unit_staff account's county is its unit's county.
CREATE SEQUENCE user_id_seq START 1;
CREATE TABLE users (
    user_id INTEGER PRIMARY KEY DEFAULT nextval('user_id_seq'),
    name VARCHAR NOT NULL UNIQUE,
    role VARCHAR NOT NULL CHECK (
        role IN ('admin', 'city_staff', 'county_staff', 'unit_staff', 'leader', 'presenter')
    ),
    county VARCHAR,
    unit VARCHAR,                       -- a unit key: '福安市/城南镇团委' (unit_staff only)
    email VARCHAR UNIQUE,               -- lower-case; how an OIDC sign-in finds its local account
    password_hash VARCHAR NOT NULL,
    can_unmask BOOLEAN NOT NULL DEFAULT false,
    disabled BOOLEAN NOT NULL DEFAULT false,
    failed_count INTEGER NOT NULL DEFAULT 0,    -- consecutive failed logins; a success resets it
    locked_until TIMESTAMP,             -- no login attempt is looked at before this (growing delay)
    locked BOOLEAN NOT NULL DEFAULT false,      -- 10 failures: until an admin unlocks or resets
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR,
    last_login_at TIMESTAMP,
    password_changed_at TIMESTAMP
);

-- Append-only: who did what, when, and whether it was allowed. Never personal data: no passwords,
-- phone numbers or WeChat names; free text is masked (outreach.privacy.mask_text) before it lands here.
CREATE SEQUENCE audit_log_seq START 1;
CREATE TABLE audit_log (
    log_id BIGINT PRIMARY KEY DEFAULT nextval('audit_log_seq'),
    "at" TIMESTAMP NOT NULL,            -- quoted: AT is a keyword in DuckDB
    actor VARCHAR,                      -- account name, 'cli', or NULL (open mode, a name of no account)
    role VARCHAR,                       -- the actor's role then, 'cli' or 'open'
    action VARCHAR NOT NULL,
    target VARCHAR,                     -- an account name, a batch id, a unit key, a file name (masked)
    detail JSON,
    ok BOOLEAN NOT NULL
);
