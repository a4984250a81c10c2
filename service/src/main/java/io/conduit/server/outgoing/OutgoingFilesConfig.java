package io.conduit.server.outgoing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.conduit.server.config.Checked;
import io.conduit.server.config.Configured;
import io.conduit.server.config.CrossChecked;
import io.conduit.server.config.Kind;
import io.conduit.server.config.Name;
import io.conduit.server.files.FileAddress;
import io.conduit.server.files.FileServers;
import io.conduit.server.security.SecurityDefinition;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * An outgoing file connection: a folder on an SFTP or FTP server or on each node's disk, that services
 * put files into, get them from, list and delete.
 *
 * @param name      unique name services use, e.g. {@code Partner}
 * @param address   {@code sftp://host[:port]/folder}, {@code ftp://host[:port]/folder},
 *                  {@code s3://bucket/prefix[?region=...&endpoint=...]} or {@code file:///folder}
 * @param security  the security definition to log in with (basic: user and password, for S3 the access key
 *                  id and secret key; ssh-key for SFTP), or null (an FTP login is then anonymous; S3 takes the
 *                  SDK's default credentials)
 * @param hostKey   for SFTP: the fingerprint of the server's host key, {@code SHA256:...}; a server presenting
 *                  another key is refused
 * @param timeoutMs how long connecting and logging in may take
 * @param active    an inactive connection refuses every call, saying so
 */
@Checked
public record OutgoingFilesConfig(
        @Name String name,
        @JsonPropertyDescription("sftp://host[:port]/folder, ftp://host[:port]/folder, s3://bucket/prefix[?region=..&endpoint=..] or file:///folder") @NotBlank String address,
        @JsonPropertyDescription("the security definition to log in with: basic (user, password) or ssh-key")
        String security,
        @JsonPropertyDescription("SFTP: the fingerprint of the server's host key, SHA256:...")
        @Pattern(regexp = HOST_KEY, message = HOST_KEY_RULE) String hostKey,
        @JsonProperty(defaultValue = "10000") @JsonPropertyDescription("how long connecting and logging in may take, in ms")
        @Min(100) @Max(600_000) int timeoutMs,
        @JsonProperty(defaultValue = "true") @JsonPropertyDescription("an inactive connection refuses every call")
        boolean active) implements Configured, CrossChecked {

    /** A host key's fingerprint, as {@code ssh-keygen -l} prints it. */
    public static final String HOST_KEY = "SHA256:[A-Za-z0-9+/]{43}=?";
    /** What a host key's fingerprint looks like. */
    public static final String HOST_KEY_RULE = "must be a SHA256 fingerprint as ssh-keygen -l prints it: SHA256:"
            + " and 43 base64 characters";

    /** Outgoing file connections: {@code /conduit/admin/outgoing/files}. */
    public static final Kind<OutgoingFilesConfig> KIND = Kind.of("outgoing/files", "outgoing file connection",
            OutgoingFilesConfig.class).refersTo(SecurityDefinition.KIND, "security", OutgoingFilesConfig::security,
            FileServers::forFiles, "a basic or ssh-key definition");

    public OutgoingFilesConfig {
        address = address == null ? null : address.trim();
        security = security == null || security.isBlank() ? null : security.trim();
        hostKey = hostKey == null || hostKey.isBlank() ? null : hostKey.trim();
    }

    @Override
    public void check(Findings findings) {
        checkServer(address, security, findings);
    }

    /** The rules of an address and its login, for file channels too. */
    public static void checkServer(String address, String security, Findings findings) {
        FileAddress.check(address, "address", findings);
        findings.require(address == null || !address.startsWith("sftp:") || security != null, "security",
                "an SFTP server needs a login: name a basic (user, password) or ssh-key security definition");
    }

    /** @return the address, parsed */
    public FileAddress where() {
        return FileAddress.parse(address);
    }
}
