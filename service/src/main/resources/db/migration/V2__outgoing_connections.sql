-- Outgoing connections: services reach outside systems only through these, by name.

CREATE TABLE outgoing_http (
    name        VARCHAR(200)  PRIMARY KEY,
    address     VARCHAR(2000) NOT NULL,
    url_path    VARCHAR(2000) NOT NULL,
    method      VARCHAR(16)   NOT NULL,
    data_format VARCHAR(16)   NOT NULL,
    timeout_ms  INTEGER       NOT NULL,
    pool_size   INTEGER       NOT NULL,
    security    VARCHAR(200),
    active      BOOLEAN       NOT NULL
);

CREATE TABLE outgoing_zmq (
    name           VARCHAR(200)  PRIMARY KEY,
    address        VARCHAR(2000) NOT NULL,
    socket_type    VARCHAR(8)    NOT NULL,
    high_water_mark INTEGER      NOT NULL,
    active         BOOLEAN       NOT NULL
);
