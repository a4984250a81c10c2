-- Outgoing SQL and AMQP connections, and AMQP channels; passwords sealed with the cluster's key.
CREATE TABLE outgoing_sql (
    name       VARCHAR(200)  PRIMARY KEY,
    url        VARCHAR(2000) NOT NULL,
    username   VARCHAR(200)  NOT NULL,
    password   VARCHAR(2000),
    pool_size  INTEGER       NOT NULL,
    timeout_ms INTEGER       NOT NULL,
    active     BOOLEAN       NOT NULL
);

CREATE TABLE outgoing_amqp (
    name          VARCHAR(200)  PRIMARY KEY,
    address       VARCHAR(2000) NOT NULL,
    username      VARCHAR(200)  NOT NULL,
    password      VARCHAR(2000),
    exchange_name VARCHAR(255)  NOT NULL,
    routing_key   VARCHAR(255)  NOT NULL,
    delivery_mode INTEGER       NOT NULL,
    confirm       BOOLEAN       NOT NULL,
    timeout_ms    INTEGER       NOT NULL,
    active        BOOLEAN       NOT NULL
);

CREATE TABLE amqp_channel (
    name         VARCHAR(200)  PRIMARY KEY,
    address      VARCHAR(2000) NOT NULL,
    username     VARCHAR(200)  NOT NULL,
    password     VARCHAR(2000),
    queue_name   VARCHAR(255)  NOT NULL,
    service      VARCHAR(400)  NOT NULL,
    prefetch     INTEGER       NOT NULL,
    consumers    INTEGER       NOT NULL,
    max_attempts INTEGER       NOT NULL,
    active       BOOLEAN       NOT NULL
);
