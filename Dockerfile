# One image for every Conduit part; its command picks the part (docker/entrypoint).
# Build the jars first: mvn -B -DskipTests package   (bin/conduit does it too)
FROM eclipse-temurin:17-jdk-noble

# haproxy: the LB agent validates configurations with `haproxy -c`; openssl: init makes the cluster's certificates.
RUN apt-get update \
 && apt-get install -y --no-install-recommends haproxy curl iproute2 openssl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/conduit
COPY service/target/conduit-service.jar service/target/
COPY load-balancer/target/conduit-load-balancer.jar load-balancer/target/
COPY config.yml ./
COPY service/jvm.options service/
COPY load-balancer/agent.yml load-balancer/
COPY load-balancer/config/repo/ load-balancer/config/repo/
COPY stats-dashboard/target/conduit-stats-dashboard.jar stats-dashboard/target/
COPY stats-dashboard/config.yml stats-dashboard/
COPY examples/ examples/
COPY docker/ docker/
# credentials, deploy: docker compose exec server credentials (docs/CONTAINERS.md)
ENV PATH=/opt/conduit/docker/bin:$PATH

ENTRYPOINT ["/opt/conduit/docker/entrypoint"]
CMD ["server"]
