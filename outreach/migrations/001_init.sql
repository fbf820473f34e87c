-- Schema v1. Raw rows of every batch are kept (roster_rows, activity + activity_superseded), so any
-- batch can be undone by moving rows, never by guessing; live tables and summaries are derived.

CREATE TYPE activity_type AS ENUM (
    'repost', 'comment', 'original', 'opinion_report', 'rebuttal', 'training', 'meeting', 'like'
);
CREATE TYPE platform AS ENUM (
    'wechat', 'weibo', 'qq', 'douyin', 'xuexi', 'toutiao', 'kuaishou', 'forum', 'other'
);
CREATE TYPE member_role AS ENUM ('member', 'core', 'liaison');
CREATE TYPE match_status AS ENUM ('matched', 'unmatched', 'ambiguous');

CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
INSERT INTO meta VALUES ('data_version', '0');

CREATE SEQUENCE batch_id_seq START 1;
CREATE TABLE batches (
    batch_id INTEGER PRIMARY KEY,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    kind VARCHAR NOT NULL,              -- roster | activity | quota
    period_from DATE,
    period_to DATE,
    period_source VARCHAR,              -- column | title | sheet | file | given | import_date
    units VARCHAR[] NOT NULL,
    imported_by VARCHAR,
    imported_at TIMESTAMP NOT NULL,
    rows_seen INTEGER NOT NULL,
    rows_accepted INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    rows_duplicate INTEGER NOT NULL,
    rows_flagged INTEGER NOT NULL,      -- warnings + unmatched/ambiguous activity rows
    status VARCHAR NOT NULL DEFAULT 'active',   -- active | reverted
    reverted_at TIMESTAMP,
    reverted_by VARCHAR
);

-- The audit of a batch: every refused row and every warning, as translation key + parameters.
CREATE TABLE batch_issues (
    batch_id INTEGER NOT NULL,
    severity VARCHAR NOT NULL,
    sheet VARCHAR,
    row_no INTEGER,
    col_index INTEGER,
    header VARCHAR,
    code VARCHAR NOT NULL,
    params JSON
);

-- Which (unit, month) each batch delivered; the live owner of a key is its newest active batch.
CREATE TABLE batch_coverage (
    batch_id INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    month DATE NOT NULL
);

CREATE TABLE roster_rows (
    batch_id INTEGER NOT NULL,
    period DATE NOT NULL,
    unit VARCHAR NOT NULL,
    county VARCHAR,
    township VARCHAR,
    name VARCHAR NOT NULL,
    role member_role NOT NULL,
    position VARCHAR,
    wechat VARCHAR,
    phone VARCHAR,
    gender VARCHAR,
    birth_year SMALLINT,
    branch VARCHAR,
    category VARCHAR,
    joined DATE,
    status VARCHAR NOT NULL,
    sheet VARCHAR,
    row_no INTEGER
);

-- Live members: everyone any active roster batch named for a unit; status 'left' once the unit's
-- newest roster no longer lists them (their history stays matched).
CREATE TABLE members (
    member_id BIGINT NOT NULL,
    unit VARCHAR NOT NULL,
    county VARCHAR,
    township VARCHAR,
    name VARCHAR NOT NULL,
    role member_role NOT NULL,
    position VARCHAR,
    wechat VARCHAR,
    phone VARCHAR,
    gender VARCHAR,
    birth_year SMALLINT,
    branch VARCHAR,
    category VARCHAR,
    joined DATE,
    status VARCHAR NOT NULL,
    first_period DATE,
    last_period DATE
);

CREATE TABLE units (unit VARCHAR PRIMARY KEY, county VARCHAR, township VARCHAR);

CREATE TABLE activity (
    batch_id INTEGER NOT NULL,
    month DATE NOT NULL,
    day DATE,
    unit VARCHAR NOT NULL,
    county VARCHAR,
    name VARCHAR NOT NULL,
    phone VARCHAR,
    member_id BIGINT,
    match match_status NOT NULL,
    type activity_type NOT NULL,
    platform platform NOT NULL,
    count INTEGER NOT NULL,
    title VARCHAR,
    link VARCHAR,
    note VARCHAR,
    sheet VARCHAR,
    row_no INTEGER
);
-- Rows of a (unit, month) that a newer batch replaced; moved back if that newer batch is undone.
CREATE TABLE activity_superseded AS SELECT * FROM activity WITH NO DATA;

-- Summary tables, refreshed for the touched (unit, month) keys inside each import transaction.
CREATE TABLE agg_activity (
    month DATE NOT NULL,
    county VARCHAR,
    unit VARCHAR NOT NULL,
    category VARCHAR,
    role member_role,
    matched BOOLEAN NOT NULL,
    type activity_type NOT NULL,
    platform platform NOT NULL,
    actions BIGINT NOT NULL,
    records BIGINT NOT NULL
);
CREATE TABLE agg_activity_day (
    day DATE NOT NULL,
    month DATE NOT NULL,
    county VARCHAR,
    unit VARCHAR NOT NULL,
    type activity_type NOT NULL,
    actions BIGINT NOT NULL
);
CREATE TABLE agg_member_month (
    month DATE NOT NULL,
    county VARCHAR,
    unit VARCHAR NOT NULL,
    member_id BIGINT NOT NULL,
    category VARCHAR,
    role member_role,
    actions BIGINT NOT NULL,
    repost BIGINT NOT NULL,
    comment BIGINT NOT NULL,
    original BIGINT NOT NULL,
    opinion_report BIGINT NOT NULL,
    rebuttal BIGINT NOT NULL,
    training BIGINT NOT NULL,
    meeting BIGINT NOT NULL,
    "like" BIGINT NOT NULL
);
-- Training courses and online meetings: one row per (day or month, title, unit).
CREATE TABLE agg_events (
    month DATE NOT NULL,
    day DATE,
    county VARCHAR,
    unit VARCHAR NOT NULL,
    type activity_type NOT NULL,
    title VARCHAR,
    attendees BIGINT NOT NULL,
    actions BIGINT NOT NULL
);
-- The roster as it stood each month (denominators of rates).
CREATE TABLE roster_month (
    month DATE NOT NULL,
    county VARCHAR,
    unit VARCHAR NOT NULL,
    category VARCHAR,
    role member_role NOT NULL,
    members BIGINT NOT NULL
);

CREATE TABLE quotas (
    unit VARCHAR PRIMARY KEY,
    expected_members INTEGER,
    core_min INTEGER,
    core_max INTEGER,
    liaison_expected INTEGER,
    batch_id INTEGER
);
