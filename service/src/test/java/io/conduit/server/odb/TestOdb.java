package io.conduit.server.odb;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.h2.jdbcx.JdbcDataSource;

/** ODBs for unit tests: a fresh in-memory H2 with the real schema, or one that cannot be reached. */
public final class TestOdb {

    private TestOdb() {
    }

    /** @return an empty ODB in memory, migrated to the newest schema */
    public static Odb memory() {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        new Migrations(url, "conduit", "", "h2").migrate();
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("conduit");
        return new Odb(Jdbi.create(dataSource), "jdbc:h2:mem:test");
    }

    /** @return an ODB whose every connection is refused, as when its server is down */
    public static Odb unreachable() {
        DataSource refusing = (DataSource) java.lang.reflect.Proxy.newProxyInstance(TestOdb.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        throw new SQLNonTransientConnectionException("Connection refused", "08001");
                    }
                    throw new SQLException("not available in this test");
                });
        return new Odb(Jdbi.create(refusing), "jdbc:postgresql://db.example:5432/conduit");
    }
}
