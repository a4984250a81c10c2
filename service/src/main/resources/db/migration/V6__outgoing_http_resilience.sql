-- An outgoing HTTP connection may retry failed calls and have a circuit breaker; each setting is a
-- small JSON object (null: none).
ALTER TABLE outgoing_http ADD COLUMN retries VARCHAR(2000);
ALTER TABLE outgoing_http ADD COLUMN circuit_breaker VARCHAR(2000);
