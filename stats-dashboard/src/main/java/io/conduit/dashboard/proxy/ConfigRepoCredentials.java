package io.conduit.dashboard.proxy;

import io.conduit.common.auth.Credentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** admin1's credentials, read from the HAProxy config repo's {@code stats auth admin1:<password>} line. */
public final class ConfigRepoCredentials {

    private static final Pattern AUTH = Pattern.compile("^\\s*stats\\s+auth\\s+(admin1):(\\S+)", Pattern.MULTILINE);

    private final Path configRepo;

    public ConfigRepoCredentials(Path configRepo) {
        this.configRepo = configRepo;
    }

    /** @return admin1's credentials as the config repo has them now */
    public Credentials read() {
        try {
            Matcher m = AUTH.matcher(Files.readString(configRepo));
            if (!m.find()) {
                throw new IllegalStateException(configRepo + " has no 'stats auth admin1:<password>' line");
            }
            return new Credentials(m.group(1), m.group(2));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read admin1's credentials in " + configRepo, e);
        }
    }
}
