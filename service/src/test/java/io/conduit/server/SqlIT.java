package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.server.testing.Fixtures;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import io.conduit.server.testing.TestNode.Reply;
import io.conduit.testing.Await;
import io.conduit.testing.FreePorts;
import io.conduit.testing.MariaDbServer;
import io.conduit.testing.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Outgoing SQL connections on two nodes, against a real PostgreSQL and a real MariaDB: statements,
 * rows bound to a record, transactions, errors naming the connection and the SQL state (never the
 * password), the pool's state when it is exhausted, ping, and a repoint to another database under
 * load that fails no call.
 */
class SqlIT {

    private static final String PASSWORD = "pw-that-must-not-leak-8431";
    private static final String TABLE = "CREATE TABLE notes (id %s PRIMARY KEY, body VARCHAR(500) NOT NULL,"
            + " author_name VARCHAR(100))";
    private static PostgresServer postgres;
    private static MariaDbServer mariadb;
    private static TestCluster cluster;
    private static TestNode one;
    private static TestNode two;

    @BeforeAll
    static void start() throws Exception {
        postgres = new PostgresServer().start();
        postgres.createDatabase("billing");
        postgres.createDatabase("billing_new");
        mariadb = new MariaDbServer().start();
        for (String db : List.of("billing", "billing_new")) {
            execute(postgres.jdbcUrl(db), postgres.user(), TABLE.formatted("BIGSERIAL"));
        }
        execute(mariadb.jdbcUrl(), mariadb.rootUser(), TABLE.formatted("BIGINT AUTO_INCREMENT"));
        cluster = TestCluster.h2();
        one = cluster.start("server1");
        two = cluster.start("server2");
        one.admin("POST", "/conduit/admin/services", Fixtures.text("services/Notes.java"));
        one.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"notes\", \"urlPath\": \"/notes\", \"service\": \"fixtures.notes\", \"method\": \"POST\"}");
        create("{\"name\": \"Billing\", \"url\": \"" + postgres.jdbcUrl("billing") + "\", \"user\": \"postgres\","
                + " \"password\": \"" + PASSWORD + "\", \"poolSize\": 4, \"timeoutMs\": 5000}");
        create("{\"name\": \"Maria\", \"url\": \"" + mariadb.jdbcUrl() + "\", \"user\": \"root\", \"poolSize\": 2}");
        create("{\"name\": \"Tiny\", \"url\": \"" + postgres.jdbcUrl("billing") + "\", \"user\": \"postgres\","
                + " \"poolSize\": 1, \"timeoutMs\": 500}");
        await(() -> call(two, "{\"connection\": \"Tiny\", \"op\": \"count\"}").status() == 200);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (mariadb != null) {
            mariadb.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void valuesAreBoundAsParametersSoAnInjectionAttemptIsStoredAsData() throws Exception {
        String attack = "x'); DROP TABLE notes; --";
        for (String connection : List.of("Billing", "Maria")) {
            Reply added = call(one, "{\"connection\": \"" + connection + "\", \"op\": \"add\", \"body\": \""
                    + attack + "\", \"author\": \"Robert'); DELETE FROM notes; --\"}");
            assertThat(added.status()).as(added.body()).isEqualTo(200);
            Reply got = call(two, "{\"connection\": \"" + connection + "\", \"op\": \"get\", \"id\": "
                    + added.json().path("id").asLong() + "}");
            assertThat(got.status()).as(got.body()).isEqualTo(200);
            JsonNode note = got.json().path("notes").path(0);
            assertThat(note.path("body").asText()).isEqualTo(attack);
            assertThat(note.path("authorName").asText()).as("author_name bound to authorName")
                    .isEqualTo("Robert'); DELETE FROM notes; --");
            assertThat(got.json().path("rows").path(0).has("author_name")).as("maps keep the column labels").isTrue();
        }
        assertThat(count(postgres.jdbcUrl("billing"), postgres.user())).as("the table is still there").isPositive();
        assertThat(count(mariadb.jdbcUrl(), mariadb.rootUser())).isPositive();
    }

    @Test
    void aFailedTransactionIsRolledBackAndErrorsNameTheConnectionAndTheSqlStateButNeverThePassword() throws Exception {
        long before = count(postgres.jdbcUrl("billing"), postgres.user());
        Reply failed = call(one, "{\"connection\": \"Billing\", \"op\": \"add-then-fail\", \"body\": \"never\"}");
        assertThat(failed.status()).isEqualTo(500);
        assertThat(count(postgres.jdbcUrl("billing"), postgres.user())).as("rolled back").isEqualTo(before);

        Reply bad = call(one, "{\"connection\": \"Billing\", \"op\": \"bad\"}");
        assertThat(bad.status()).as(bad.body()).isEqualTo(502);
        assertThat(bad.json().path("error").asText()).contains("'Billing'", "SQL state 42P01", "no_such_table")
                .doesNotContain(PASSWORD);
        Reply maria = call(one, "{\"connection\": \"Maria\", \"op\": \"bad\"}");
        assertThat(maria.json().path("error").asText()).contains("'Maria'", "SQL state 42S02");

        Reply listed = one.admin("GET", "/conduit/admin/outgoing/sql", null);
        assertThat(listed.body()).contains("\"passwordSet\":true").doesNotContain(PASSWORD);
        Reply unknown = call(one, "{\"connection\": \"Nope\", \"op\": \"count\"}");
        assertThat(unknown.status()).isEqualTo(500);
        assertThat(unknown.json().path("error").asText()).contains("no outgoing SQL connection named 'Nope'");
    }

    @Test
    void anExhaustedPoolTimesOutWithThePoolsState() throws Exception {
        Thread sleeper = new Thread(() -> call(one, "{\"connection\": \"Tiny\", \"op\": \"sleep\", \"sql\":"
                + " \"SELECT pg_sleep(2)\"}"));
        sleeper.start();
        Reply waited;
        do {
            waited = call(one, "{\"connection\": \"Tiny\", \"op\": \"count\"}");
        } while (waited.status() == 200 && sleeper.isAlive());
        sleeper.join();
        assertThat(waited.status()).as(waited.body()).isEqualTo(504);
        assertThat(waited.json().path("error").asText()).contains("'Tiny'", "no free database connection",
                "pool: 1 in use, 0 idle");
    }

    @Test
    void pingSaysWhichDatabaseAnswersOrWhyNone() {
        Reply ping = one.admin("POST", "/conduit/admin/outgoing/sql/Maria/ping", null);
        assertThat(ping.json().path("ok").asBoolean()).as(ping.body()).isTrue();
        assertThat(ping.json().path("database").asText()).contains("MariaDB");
        create("{\"name\": \"Down\", \"url\": \"jdbc:postgresql://127.0.0.1:" + FreePorts.next() + "/x\", \"user\":"
                + " \"postgres\", \"timeoutMs\": 1000}");
        await(() -> one.admin("POST", "/conduit/admin/outgoing/sql/Down/ping", null).status() == 200);
        Reply down = one.admin("POST", "/conduit/admin/outgoing/sql/Down/ping", null);
        assertThat(down.json().path("ok").asBoolean()).isFalse();
        assertThat(down.json().path("error").asText()).contains("'Down'", "cannot connect to the database");
        Reply refused = one.admin("POST", "/conduit/admin/outgoing/sql", "{\"name\": \"Leaky\", \"url\":"
                + " \"jdbc:postgresql://127.0.0.1/x?password=oops\", \"user\": \"postgres\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("error").asText()).contains("must not hold credentials");
    }

    @Test
    void aRepointUnderLoadFailsNoCall() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> load = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            TestNode node = t % 2 == 0 ? one : two;
            int thread = t;
            Thread worker = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    Reply r = call(node, "{\"connection\": \"Billing\", \"op\": \"add\", \"body\": \"load " + thread
                            + "-" + i + "\", \"author\": \"load\"}");
                    if (r.status() == 200) {
                        ok.incrementAndGet();
                    } else {
                        failures.add(r.status() + " " + r.body());
                    }
                }
            });
            worker.start();
            load.add(worker);
        }
        await(() -> ok.get() >= 100);
        String url = postgres.jdbcUrl("billing_new");
        Reply repointed = one.admin("PUT", "/conduit/admin/outgoing/sql/Billing", "{\"url\": \"" + url
                + "\", \"user\": \"postgres\", \"poolSize\": 4, \"timeoutMs\": 5000}");
        assertThat(repointed.status()).as(repointed.body()).isEqualTo(200);
        int atRepoint = ok.get();
        await(() -> count(url, postgres.user()) >= 100 && ok.get() >= atRepoint + 200);
        running.set(false);
        for (Thread t : load) {
            t.join();
        }
        assertThat(failures).as("calls that failed during the repoint").isEmpty();
        long loadRows = countLoad(postgres.jdbcUrl("billing")) + countLoad(url);
        assertThat(loadRows).as("every call's row is in one database or the other").isEqualTo(ok.get());
        assertThat(one.admin("GET", "/conduit/admin/outgoing/sql/Billing", null).json().path("passwordSet").asBoolean())
                .as("an update without a password keeps it").isTrue();
        System.out.printf("SqlIT: %d calls through a repoint, none failed%n", ok.get());
    }

    private static void create(String json) {
        Reply created = one.admin("POST", "/conduit/admin/outgoing/sql", json);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(PASSWORD);
    }

    private static Reply call(TestNode node, String json) {
        return node.call("POST", "/notes", json, "Content-Type", "application/json");
    }

    private static void execute(String url, String user, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(String url, String user) {
        return scalar(url, user, "SELECT COUNT(*) FROM notes");
    }

    private static long countLoad(String url) {
        return scalar(url, postgres.user(), "SELECT COUNT(*) FROM notes WHERE author_name = 'load'");
    }

    private static long scalar(String url, String user, String sql) {
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        Await.until(condition, Duration.ofSeconds(30));
    }
}
