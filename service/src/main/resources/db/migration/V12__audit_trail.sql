-- Every write through the admin API (and every one it refused): who, when, from where, what, how it
-- ended, and its cid. A write that made a release names it: its field changes are the release's.
CREATE TABLE audit_entry (
    cid            VARCHAR(64)   NOT NULL PRIMARY KEY,
    at             BIGINT        NOT NULL,
    by_user        VARCHAR(200)  NOT NULL,
    origin         VARCHAR(200),
    action         VARCHAR(40)   NOT NULL,
    kind           VARCHAR(100),
    name           VARCHAR(400),
    status         INTEGER       NOT NULL,
    release_number BIGINT
);
CREATE INDEX audit_entry_at ON audit_entry (at);
