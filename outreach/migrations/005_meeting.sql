-- Meeting mode: every time a presenter chose to show names unmasked (and every export made so), who
-- said they were, which view, and the filters in effect. The personal data itself is never stored here.
CREATE SEQUENCE privacy_log_seq START 1;
CREATE TABLE privacy_log (
    log_id INTEGER PRIMARY KEY DEFAULT nextval('privacy_log_seq'),
    logged_at TIMESTAMP NOT NULL,
    actor VARCHAR,                      -- the name the presenter typed (no login system yet)
    action VARCHAR NOT NULL,            -- unmask | mask | export
    view VARCHAR NOT NULL,              -- slides | report | pptx | docx | pdf | md | cli
    filters JSON NOT NULL
);
