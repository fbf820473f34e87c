-- Sign-ins that outlive a browser tab (outreach/sessions.py is the only writer). The browser holds a
-- random token in a cookie; the database keeps only its SHA-256, so a copy of this file signs nobody in.
CREATE TABLE sessions (
    token_hash VARCHAR PRIMARY KEY,     -- hex SHA-256 of the cookie's token
    user_id INTEGER NOT NULL,           -- users.user_id
    method VARCHAR NOT NULL,            -- password | setup (OIDC and the proxy header sign in by themselves)
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL     -- idle expiry counts from here (written at most once a minute)
);
