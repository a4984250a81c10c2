package io.conduit.server.polling;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.conduit.server.config.Checked;
import io.conduit.server.config.Configured;
import io.conduit.server.config.CrossChecked;
import io.conduit.server.config.Kind;
import io.conduit.server.config.Name;
import io.conduit.server.config.Secret;
import io.conduit.server.mail.MailAddress;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Set;

/**
 * An IMAP channel: every node polls a mailbox's folder for unseen mails, and each is handed to a
 * service once across the cluster, then marked seen or moved.
 *
 * @param name      unique name, e.g. {@code orders-mailbox}
 * @param address   {@code imaps://host:993} (TLS) or {@code imap://host:143}
 * @param starttls  with {@code imap://}: upgrade to TLS with STARTTLS, and refuse a server that cannot
 * @param caFile    a PEM file (on every node) of the certificates to trust instead of the JVM's trust store, or null
 * @param user      the mailbox's user
 * @param password  its password
 * @param folder    the folder polled
 * @param pollEvery how often each node looks for unseen mails
 * @param service   the service each mail invokes
 * @param after     after the service succeeded: {@code seen} (marked seen, left in the folder) or {@code move:FOLDER}
 * @param onFailure after the service failed: {@code move:FOLDER}, or null to flag it and leave it unseen (it is not
 *                  taken again for a day)
 * @param active    an inactive channel polls nothing
 */
@Checked
public record ImapChannelConfig(
        @Name String name,
        @JsonPropertyDescription("imaps://host:993 or imap://host:143") @NotBlank String address,
        @JsonProperty(defaultValue = "true")
        @JsonPropertyDescription("with imap://: upgrade to TLS with STARTTLS, and refuse a server that cannot")
        boolean starttls,
        @JsonPropertyDescription("a PEM file on every node of the CAs to trust instead of the JVM's (TLS or STARTTLS)")
        String caFile,
        @JsonPropertyDescription("the mailbox's user") @NotBlank String user,
        @JsonPropertyDescription("its password (write-only)") @NotNull Secret password,
        @JsonProperty(defaultValue = "INBOX") @JsonPropertyDescription("the folder polled") String folder,
        @JsonProperty(defaultValue = "30s") @JsonPropertyDescription("how often each node looks for unseen mails")
        Duration pollEvery,
        @JsonPropertyDescription("the service each mail invokes") @NotBlank String service,
        @JsonProperty(defaultValue = "seen") @JsonPropertyDescription("after success: seen, or move:FOLDER")
        @Pattern(regexp = "seen|move:.+", message = "must be seen or move:FOLDER") String after,
        @JsonPropertyDescription("after failure: move:FOLDER; unset flags it and leaves it unseen")
        @Pattern(regexp = "move:.+", message = "must be move:FOLDER") String onFailure,
        @JsonProperty(defaultValue = "true") @JsonPropertyDescription("an inactive channel polls nothing")
        boolean active) implements Configured, CrossChecked {

    static final Set<String> SCHEMES = Set.of("imap", "imaps");

    /** IMAP channels: {@code /conduit/admin/channels/imap}. */
    public static final Kind<ImapChannelConfig> KIND = Kind.of("channels/imap", "IMAP channel", ImapChannelConfig.class)
            .refersToService("service", ImapChannelConfig::service);

    public ImapChannelConfig {
        address = address == null ? null : address.trim();
        caFile = caFile == null || caFile.isBlank() ? null : caFile.trim();
        user = user == null ? null : user.trim();
        folder = folder == null || folder.isBlank() ? "INBOX" : folder.trim();
        pollEvery = pollEvery == null ? Duration.ofSeconds(30) : pollEvery;
        service = service == null ? null : service.trim();
        after = after == null || after.isBlank() ? "seen" : after.trim();
        onFailure = onFailure == null || onFailure.isBlank() ? null : onFailure.trim();
    }

    @Override
    public void check(Findings findings) {
        MailAddress.checkCaFile(caFile, findings);
        MailAddress.check(address, SCHEMES, "address", findings);
        findings.require(pollEvery.compareTo(Duration.ofMillis(100)) >= 0 && pollEvery.compareTo(Duration.ofDays(1)) <= 0,
                "pollEvery", "must be between 100ms and 1d");
        findings.require(!("move:" + folder).equals(after), "after", "must move mails out of the folder polled");
    }

    /** @return the address, parsed */
    MailAddress where() {
        return MailAddress.parse(address, SCHEMES);
    }
}
