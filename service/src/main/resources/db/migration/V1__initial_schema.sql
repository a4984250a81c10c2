-- The operational database (ODB): what the cluster is configured to do.
-- ${binary} is BLOB on H2 and BYTEA on PostgreSQL. Times are epoch milliseconds.

CREATE TABLE config_version (
    id      INTEGER PRIMARY KEY,
    version BIGINT  NOT NULL
);
INSERT INTO config_version (id, version) VALUES (1, 1);

CREATE TABLE deployment (
    name        VARCHAR(400)  PRIMARY KEY,
    kind        VARCHAR(8)    NOT NULL,
    content     ${binary}     NOT NULL,
    artifact    ${binary}     NOT NULL,
    sha256      VARCHAR(64)   NOT NULL,
    version     INTEGER       NOT NULL,
    services    VARCHAR(8000) NOT NULL,
    deployed_by VARCHAR(200)  NOT NULL,
    deployed_at BIGINT        NOT NULL
);

CREATE TABLE deployment_status (
    deployment VARCHAR(400)   NOT NULL,
    node       VARCHAR(200)   NOT NULL,
    version    INTEGER        NOT NULL,
    status     VARCHAR(16)    NOT NULL,
    error      VARCHAR(65535),
    updated_at BIGINT         NOT NULL,
    PRIMARY KEY (deployment, node)
);

CREATE TABLE security_definition (
    name     VARCHAR(200) PRIMARY KEY,
    type     VARCHAR(16)  NOT NULL,
    username VARCHAR(200),
    secret   VARCHAR(1000) NOT NULL,
    header   VARCHAR(200),
    realm    VARCHAR(200),
    active   BOOLEAN      NOT NULL
);

CREATE TABLE http_channel (
    name        VARCHAR(200)  PRIMARY KEY,
    url_path    VARCHAR(2000) NOT NULL UNIQUE,
    service     VARCHAR(400)  NOT NULL,
    method      VARCHAR(16),
    data_format VARCHAR(16)   NOT NULL,
    security    VARCHAR(200),
    active      BOOLEAN       NOT NULL
);

CREATE TABLE cluster_node (
    name         VARCHAR(200) PRIMARY KEY,
    host         VARCHAR(400) NOT NULL,
    port         INTEGER      NOT NULL,
    version      VARCHAR(100) NOT NULL,
    pid          BIGINT       NOT NULL,
    started_at   BIGINT       NOT NULL,
    heartbeat_at BIGINT       NOT NULL
);
