-- One table for every configured kind: each object is a JSON document in the admin API's shape (its
-- secrets sealed), so a new field of a kind needs no migration. V10 moves the rows of the tables
-- each kind had until now into it, and drops them.
CREATE TABLE config_object (
    kind VARCHAR(64)  NOT NULL,
    name VARCHAR(200) NOT NULL,
    body ${text}      NOT NULL,
    PRIMARY KEY (kind, name)
);

-- Every change of the configuration is a numbered release (its number is the config version it
-- made): who, when, from where, what changed, the objects it wrote (delta: their documents, secrets
-- sealed; null for one removed), the whole configuration every so often (config: a checkpoint, for a
-- rollback to replay deltas from), and the versions of the deployed services.
CREATE TABLE config_release (
    number   BIGINT        PRIMARY KEY,
    at       BIGINT        NOT NULL,
    by_user  VARCHAR(200)  NOT NULL,
    source   VARCHAR(16)   NOT NULL,
    origin   VARCHAR(400),
    summary  VARCHAR(4000) NOT NULL,
    changes  ${text}       NOT NULL,
    delta    ${text},
    config   ${text},
    services ${text}
);
