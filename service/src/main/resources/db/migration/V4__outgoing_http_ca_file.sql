-- An outgoing HTTPS connection may trust a CA file of its own (PEM) instead of the JVM's trust store.
ALTER TABLE outgoing_http ADD COLUMN ca_file VARCHAR(1000);
