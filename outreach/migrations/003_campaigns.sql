-- Campaigns (专项活动 / 宣传节点): a name and a date range, drawn as bands on the trend charts.
-- One row per source: a campaign typed in on the 数据 page (batch_id NULL) or a row of an uploaded
-- campaign file (batch_id = that batch). The same campaign may come from several sources; it is shown
-- once, and undoing a batch removes only that batch's rows, so a campaign another source also brought
-- stays, as if the undone file had never been imported.
CREATE SEQUENCE campaign_id_seq START 1;
CREATE TABLE campaigns (
    campaign_id INTEGER PRIMARY KEY DEFAULT nextval('campaign_id_seq'),
    name VARCHAR NOT NULL,
    starts DATE NOT NULL,
    ends DATE NOT NULL,
    note VARCHAR,
    created_by VARCHAR,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    batch_id INTEGER,
    sheet VARCHAR,
    row_no INTEGER,
    CHECK (ends >= starts),
    CHECK (length(trim(name)) > 0),
    UNIQUE (batch_id, name, starts, ends)
);
