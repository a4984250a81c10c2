-- REST channels: a path template may be shared by channels of different methods, so url_path is no
-- longer unique (the server refuses two channels that would match one request); a channel may have
-- a cluster-wide rate limit. The table is made anew because the unique constraint's name differs
-- between H2 and PostgreSQL.
CREATE TABLE http_channel_v5 (
    name          VARCHAR(200)  PRIMARY KEY,
    url_path      VARCHAR(2000) NOT NULL,
    service       VARCHAR(400)  NOT NULL,
    method        VARCHAR(16),
    data_format   VARCHAR(16)   NOT NULL,
    security      VARCHAR(200),
    rate_requests INTEGER,
    rate_per      VARCHAR(8),
    rate_by       VARCHAR(16),
    active        BOOLEAN       NOT NULL
);
INSERT INTO http_channel_v5 (name, url_path, service, method, data_format, security, active)
    SELECT name, url_path, service, method, data_format, security, active FROM http_channel;
DROP TABLE http_channel;
ALTER TABLE http_channel_v5 RENAME TO http_channel;

-- JWT bearer security definitions: the HS256 secret is sealed in "secret" like any other (empty when
-- the keys come from a JWKS URL).
ALTER TABLE security_definition ADD COLUMN issuer VARCHAR(1000);
ALTER TABLE security_definition ADD COLUMN audience VARCHAR(1000);
ALTER TABLE security_definition ADD COLUMN jwks_url VARCHAR(2000);
ALTER TABLE security_definition ADD COLUMN clock_skew_seconds INTEGER;
