-- Scheduled jobs: each invokes a service with a payload on an interval, a cron expression or once.
CREATE TABLE scheduler_job (
    name      VARCHAR(200)    PRIMARY KEY,
    service   VARCHAR(400)    NOT NULL,
    type      VARCHAR(16)     NOT NULL,
    period    VARCHAR(40),
    cron      VARCHAR(200),
    time_zone VARCHAR(100)    NOT NULL,
    start_at  VARCHAR(60),
    payload   VARCHAR(1000000),
    misfire   VARCHAR(16)     NOT NULL,
    overlap   BOOLEAN         NOT NULL,
    active    BOOLEAN         NOT NULL
);
