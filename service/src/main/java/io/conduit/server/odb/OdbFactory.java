package io.conduit.server.odb;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.jdbi.v3.core.Jdbi;

/**
 * Where the operational database (ODB) lives.
 *
 * <table>
 * <caption>Configuration keys under {@code odb:}</caption>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>url</td><td>{@code jdbc:h2:file:../odb/conduit;AUTO_SERVER=TRUE}</td><td>JDBC URL: an H2 file
 * shared by the nodes of one host (AUTO_SERVER), or {@code jdbc:postgresql://...} for several hosts</td></tr>
 * <tr><td>user</td><td>{@code conduit}</td><td>database user</td></tr>
 * <tr><td>password</td><td>empty</td><td>database password</td></tr>
 * <tr><td>maxConnections</td><td>8</td><td>pool size</td></tr>
 * <tr><td>connectTimeout</td><td>10 seconds</td><td>how long to wait for a pooled connection</td></tr>
 * </table>
 */
public class OdbFactory {

    @NotEmpty
    private String url = "jdbc:h2:file:../odb/conduit;AUTO_SERVER=TRUE";

    @NotNull
    private String user = "conduit";

    @NotNull
    private String password = "";

    @Min(1)
    @Max(200)
    private int maxConnections = 8;

    @NotNull
    private Duration connectTimeout = Duration.seconds(10);

    @JsonProperty
    public String getUrl() {
        return url;
    }

    @JsonProperty
    public void setUrl(String url) {
        this.url = url;
    }

    @JsonProperty
    public String getUser() {
        return user;
    }

    @JsonProperty
    public void setUser(String user) {
        this.user = user;
    }

    @JsonProperty
    public void setPassword(String password) {
        this.password = password == null ? "" : password;
    }

    @JsonProperty
    public int getMaxConnections() {
        return maxConnections;
    }

    @JsonProperty
    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    @JsonProperty
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    @JsonProperty
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** @return the database's product: {@code h2} or {@code postgresql} */
    public String vendor() {
        if (url.startsWith("jdbc:h2:")) {
            return "h2";
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return "postgresql";
        }
        throw new IllegalArgumentException("odb.url must be an H2 (jdbc:h2:...) or PostgreSQL (jdbc:postgresql:...) "
                + "JDBC URL; got " + redacted(url));
    }

    /** @return a JDBC URL with any password in it masked */
    static String redacted(String url) {
        return url.replaceAll("(?i)password=[^;&]*", "password=***");
    }

    /**
     * Migrates the schema to the newest version, then opens the pool (registered with the
     * lifecycle, with an {@code odb} health check).
     *
     * @param environment the application's environment
     * @return the ODB
     */
    public Odb build(Environment environment) {
        String vendor = vendor();

        new Migrations(url, user, password, vendor).migrate();
        DataSourceFactory dataSource = new DataSourceFactory();
        dataSource.setDriverClass(vendor.equals("h2") ? "org.h2.Driver" : "org.postgresql.Driver");
        dataSource.setUrl(url);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        dataSource.setMaxSize(maxConnections);
        dataSource.setMinSize(1);
        dataSource.setInitialSize(1);
        dataSource.setMaxWaitForConnection(connectTimeout);
        dataSource.setValidationQuery("SELECT 1");
        dataSource.setCheckConnectionOnBorrow(true);
        Jdbi jdbi = new JdbiFactory().build(environment, dataSource, "odb");
        return new Odb(jdbi, redacted(url));
    }
}
