package io.conduit.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminFactoryTest {

    @TempDir
    Path dir;

    @Test
    void readsTheCredentialsFile() throws Exception {
        Path file = Files.writeString(dir.resolve("admin.credentials"), "# made by quickstart\nadmin:s3:cr3t\n");
        AdminFactory factory = new AdminFactory();
        factory.setCredentialsFile(file.toString());

        Credentials credentials = factory.build();

        assertThat(credentials.username()).isEqualTo("admin");
        assertThat(credentials.password()).isEqualTo("s3:cr3t");
        assertThat(credentials.toString()).doesNotContain("s3:cr3t");
    }

    @Test
    void aPasswordInTheConfigurationWins() throws Exception {
        AdminFactory factory = new AdminFactory();
        factory.setCredentialsFile(Files.writeString(dir.resolve("c"), "admin:file").toString());
        factory.setPassword("env");
        assertThat(factory.build().password()).isEqualTo("env");
        assertThat(factory.build().username()).isEqualTo("admin");
    }

    @Test
    void withNoCredentialsTheNodeRefusesToStartAndSaysHowToFixIt() {
        AdminFactory factory = new AdminFactory();
        factory.setCredentialsFile(dir.resolve("missing").toString());
        factory.setPassword(null);

        assertThatThrownBy(factory::build).hasMessageContaining("No admin credentials: create")
                .hasMessageContaining("username:password").hasMessageContaining("CONDUIT_ADMIN_PASSWORD");
    }

    @Test
    void aMalformedFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("bad"), "justapassword\n");
        assertThatThrownBy(() -> AdminFactory.read(file)).hasMessageContaining("must hold one line username:password");
    }
}
