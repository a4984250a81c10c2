# One image for every Conduit part; its command picks the part (docker/entrypoint).
# Built from the sources: `docker compose up --build` on a fresh clone needs no Maven on the host.

# --- build: the jars, with Maven, in a throwaway stage ---
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
# The poms first: the dependencies download into their own layer, kept while only sources change.
COPY pom.xml ./
COPY test-support/pom.xml test-support/
COPY common/pom.xml common/
COPY service-api/pom.xml service-api/
COPY cli/pom.xml cli/
COPY stats-dashboard/pom.xml stats-dashboard/
COPY service/pom.xml service/
COPY service-testing/pom.xml service-testing/
COPY load-balancer/pom.xml load-balancer/
COPY system-tests/pom.xml system-tests/
COPY bench/pom.xml bench/
ENV PARTS=service,load-balancer,stats-dashboard,cli
# (best effort: what it misses, the package below downloads)
RUN mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:go-offline -pl "$PARTS" -am \
      -DexcludeGroupIds=io.conduit || true
COPY . .
RUN mvn -B -q package -pl "$PARTS" -am -Dmaven.test.skip=true

# --- the image ---
FROM eclipse-temurin:17.0.13_11-jdk-noble
# haproxy: the LB agent validates configurations with `haproxy -c`; openssl: init makes the cluster's certificates.
RUN apt-get update \
 && apt-get install -y --no-install-recommends haproxy curl iproute2 openssl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 conduit && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /opt/conduit conduit \
 && mkdir -p /opt/conduit/logs /opt/conduit/pickup-dir /secrets /lb-config /haproxy-run \
 && chown conduit:conduit /opt/conduit/logs /opt/conduit/pickup-dir /secrets /lb-config /haproxy-run

WORKDIR /opt/conduit
COPY --from=build /src/service/target/conduit-service.jar service/target/
COPY --from=build /src/load-balancer/target/conduit-load-balancer.jar load-balancer/target/
COPY --from=build /src/stats-dashboard/target/conduit-stats-dashboard.jar stats-dashboard/target/
COPY --from=build /src/cli/target/conduit-cli.jar cli/target/
COPY config.yml ./
COPY service/jvm.options service/
COPY load-balancer/agent.yml load-balancer/
COPY load-balancer/config/repo/ load-balancer/config/repo/
COPY stats-dashboard/config.yml stats-dashboard/
COPY examples/ examples/
COPY docker/ docker/
# credentials, deploy, conduit: docker compose exec server credentials (docs/CONTAINERS.md)
ENV PATH=/opt/conduit/docker/bin:$PATH

# Not root: every part runs as conduit (10001), which owns the volumes' mount points, so new
# volumes are its own.
USER 10001:10001
# Each part's own check (docker/bin/healthcheck): a node's liveness, the agent's and the dashboard's port.
HEALTHCHECK --interval=5s --timeout=3s --start-period=120s --retries=3 CMD ["/opt/conduit/docker/bin/healthcheck"]
ENTRYPOINT ["/opt/conduit/docker/entrypoint"]
CMD ["server"]
