package io.conduit.server.secrets;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.conduit.common.secrets.SecretKeys;
import java.nio.file.Path;

/**
 * Where the node finds the cluster's key for secrets at rest.
 *
 * <table>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>keyFile</td><td>{@code ../secrets.key}</td><td>the key file {@code bin/conduit quickstart} makes
 * (mode 0600): base64 keys, one per line, the current one first</td></tr>
 * <tr><td>key</td><td>empty</td><td>the key itself, in base64 (e.g. from {@code CONDUIT_SECRETS_KEY});
 * takes precedence over the file</td></tr>
 * </table>
 */
public class SecretsFactory {

    private String keyFile = "../secrets.key";
    private String key = "";

    @JsonProperty
    public String getKeyFile() {
        return keyFile;
    }

    @JsonProperty
    public void setKeyFile(String keyFile) {
        this.keyFile = keyFile;
    }

    @JsonProperty
    public void setKey(String key) {
        this.key = key == null ? "" : key;
    }

    /** @return the box that seals and opens secrets, with the keys read now */
    public SecretBox build() {
        if (!key.isBlank()) {
            SecretKeys keys = SecretKeys.parse(key.replace(',', '\n'), "CONDUIT_SECRETS_KEY (secrets.key)");
            return new SecretBox(() -> keys);
        }
        Path file = Path.of(keyFile).toAbsolutePath().normalize();
        return new SecretBox(() -> SecretKeys.read(file));
    }
}
