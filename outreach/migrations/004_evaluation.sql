-- Evaluation (考评). Rubric versions an admin uploaded (the default shipped in data/rubrics/ needs no
-- row: it is in force while no version is active), and manual adjustments (加分/扣分). Every
-- adjustment entry or file is an import batch (kind 'adjustment'), so it shows in the import history
-- with who and when, and undoing the batch takes its points away.

CREATE SEQUENCE rubric_version_seq START 1;
CREATE TABLE rubric_versions (
    version_id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    uploaded_by VARCHAR,
    uploaded_at TIMESTAMP NOT NULL,
    active BOOLEAN NOT NULL DEFAULT false
);

-- An adjustment counts in every evaluation period that contains its whole period: a month's bonus
-- counts in that month, its quarter and its year; a year's bonus only in the year.
CREATE TABLE adjustments (
    batch_id INTEGER NOT NULL,
    row_no INTEGER,
    unit VARCHAR NOT NULL,
    period_from DATE NOT NULL,
    period_to DATE NOT NULL,
    points DECIMAL(8, 2) NOT NULL,
    reason VARCHAR NOT NULL,
    entered_by VARCHAR,
    entered_at TIMESTAMP NOT NULL
);
