-- Every version of every deployment, kept after a redeploy, so a rollback can bring back the
-- service code a release deployed.
CREATE TABLE deployment_version (
    name        VARCHAR(400)  NOT NULL,
    version     INTEGER       NOT NULL,
    kind        VARCHAR(8)    NOT NULL,
    content     ${binary}     NOT NULL,
    artifact    ${binary}     NOT NULL,
    sha256      VARCHAR(64)   NOT NULL,
    services    VARCHAR(8000) NOT NULL,
    deployed_by VARCHAR(200)  NOT NULL,
    deployed_at BIGINT        NOT NULL,
    PRIMARY KEY (name, version)
);
INSERT INTO deployment_version (name, version, kind, content, artifact, sha256, services, deployed_by, deployed_at)
    SELECT name, version, kind, content, artifact, sha256, services, deployed_by, deployed_at FROM deployment;
