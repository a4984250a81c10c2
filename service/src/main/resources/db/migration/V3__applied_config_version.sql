-- Which config version each node has applied, so a change can wait until the whole cluster has it.
ALTER TABLE cluster_node ADD COLUMN config_version BIGINT DEFAULT 0 NOT NULL;
