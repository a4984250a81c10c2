package io.conduit.server.polling;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.conduit.server.config.Checked;
import io.conduit.server.config.Configured;
import io.conduit.server.config.CrossChecked;
import io.conduit.server.config.Kind;
import io.conduit.server.config.Name;
import io.conduit.server.files.FileAddress;
import io.conduit.server.files.FileServers;
import io.conduit.server.outgoing.OutgoingFilesConfig;
import io.conduit.server.security.SecurityDefinition;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;

/**
 * A file channel: every node polls a folder, and each file that matches is handed to a service
 * once across the cluster, then deleted or moved.
 *
 * @param name      unique name, e.g. {@code partner-drop}
 * @param address   {@code sftp://host[:port]/folder}, {@code ftp://host[:port]/folder},
 *                  {@code s3://bucket/prefix[?region=...&endpoint=...]} or {@code file:///folder}
 * @param security  the security definition to log in with (basic: user and password, for S3 the access key
 *                  id and secret key; ssh-key for SFTP), or null (an FTP login is then anonymous; S3 takes the
 *                  SDK's default credentials)
 * @param hostKey   for SFTP: the fingerprint of the server's host key, {@code SHA256:...}
 * @param pattern   which files: a glob on the name, {@code *.csv}
 * @param pollEvery how often each node lists the folder; a file is taken once two listings in a row
 *                  found it the same size and age (a file still being written is left for later)
 * @param service   the service each file invokes
 * @param after     after the service succeeded: {@code delete}, or {@code move:DIR} (relative to the folder, or absolute)
 * @param onFailure after the service failed: {@code move:DIR}, the error written beside the file
 * @param maxSize   larger files are not handed to the service: they are moved as failed, saying so
 * @param active    an inactive channel polls nothing
 */
@Checked
public record FileChannelConfig(
        @Name String name,
        @JsonPropertyDescription("sftp://host[:port]/folder, ftp://host[:port]/folder, s3://bucket/prefix[?region=..&endpoint=..] or file:///folder") @NotBlank String address,
        @JsonPropertyDescription("the security definition to log in with: basic (user, password) or ssh-key")
        String security,
        @JsonPropertyDescription("SFTP: the fingerprint of the server's host key, SHA256:...")
        @Pattern(regexp = OutgoingFilesConfig.HOST_KEY, message = OutgoingFilesConfig.HOST_KEY_RULE) String hostKey,
        @JsonProperty(defaultValue = "*") @JsonPropertyDescription("which files: a glob on the name, e.g. *.csv")
        String pattern,
        @JsonProperty(defaultValue = "10s") @JsonPropertyDescription("how often each node lists the folder, e.g. 10s")
        Duration pollEvery,
        @JsonPropertyDescription("the service each file invokes") @NotBlank String service,
        @JsonProperty(defaultValue = "move:done") @JsonPropertyDescription("after success: delete, or move:DIR")
        @Pattern(regexp = "delete|move:.+", message = "must be delete or move:DIR") String after,
        @JsonProperty(defaultValue = "move:failed") @JsonPropertyDescription("after failure: move:DIR, the error beside it")
        @Pattern(regexp = "move:.+", message = "must be move:DIR") String onFailure,
        @JsonProperty(defaultValue = "1073741824")
        @JsonPropertyDescription("larger files (bytes) are moved as failed, not handed to the service") @Min(1)
        long maxSize,
        @JsonProperty(defaultValue = "true") @JsonPropertyDescription("an inactive channel polls nothing")
        boolean active) implements Configured, CrossChecked {

    /** File channels: {@code /conduit/admin/channels/file}. */
    public static final Kind<FileChannelConfig> KIND = Kind.of("channels/file", "file channel", FileChannelConfig.class)
            .refersToService("service", FileChannelConfig::service)
            .refersTo(SecurityDefinition.KIND, "security", FileChannelConfig::security, FileServers::forFiles,
                    "a basic or ssh-key definition");

    private static final Duration SHORTEST = Duration.ofMillis(100);

    public FileChannelConfig {
        address = address == null ? null : address.trim();
        security = security == null || security.isBlank() ? null : security.trim();
        hostKey = hostKey == null || hostKey.isBlank() ? null : hostKey.trim();
        pattern = pattern == null || pattern.isBlank() ? "*" : pattern.trim();
        pollEvery = pollEvery == null ? Duration.ofSeconds(10) : pollEvery;
        service = service == null ? null : service.trim();
        after = after == null || after.isBlank() ? "move:done" : after.trim();
        onFailure = onFailure == null || onFailure.isBlank() ? "move:failed" : onFailure.trim();
    }

    @Override
    public void check(Findings findings) {
        OutgoingFilesConfig.checkServer(address, security, findings);
        findings.require(pollEvery.compareTo(SHORTEST) >= 0 && pollEvery.compareTo(Duration.ofDays(1)) <= 0,
                "pollEvery", "must be between 100ms and 1d");
        try {
            matcher();
        } catch (IllegalArgumentException e) {
            findings.add("pattern", "is not a glob: " + e.getMessage());
        }
        findings.require(pattern.indexOf('/') < 0, "pattern", "matches names within the folder: no /");
        try {
            String folder = where().folder();
            findings.require(!folder.equals(doneFolder()), "after", "must move files out of the folder polled");
            findings.require(!folder.equals(failedFolder()), "onFailure", "must move files out of the folder polled");
        } catch (IllegalArgumentException | NullPointerException badAddress) {
            // reported as the address's
        }
    }

    /** @return the address, parsed */
    public FileAddress where() {
        return FileAddress.parse(address);
    }

    /** @return whether a file's name matches the pattern */
    PathMatcher matcher() {
        return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    }

    /** @return whether the name is one of the channel's */
    static boolean matches(PathMatcher matcher, String name) {
        return !name.startsWith(".") && matcher.matches(Path.of(name));
    }

    /** @return the folder a file goes to after success, or null to delete it */
    String doneFolder() {
        return after.equals("delete") ? null : where().resolve(after.substring("move:".length()));
    }

    /** @return the folder a file goes to after failure */
    String failedFolder() {
        return where().resolve(onFailure.substring("move:".length()));
    }
}
