package io.conduit.server.outgoing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.conduit.server.config.Checked;
import io.conduit.server.config.Configured;
import io.conduit.server.config.CrossChecked;
import io.conduit.server.config.Kind;
import io.conduit.server.config.Name;
import io.conduit.server.config.Secret;
import io.conduit.server.mail.MailAddress;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.Set;

/**
 * An outgoing SMTP connection: a mail server, the login, and the address the mails come from.
 *
 * @param name      unique name services send with, e.g. {@code Notify}
 * @param address   {@code smtp://host:587} or {@code smtps://host:465} (TLS from the start)
 * @param starttls  with {@code smtp://}: upgrade to TLS with STARTTLS, and refuse a server that cannot
 * @param caFile    a PEM file (on every node) of the certificates to trust instead of the JVM's trust store, or null
 * @param user      the login, or null for a server that wants none
 * @param password  its password
 * @param from      the sender of every mail
 * @param timeoutMs how long connecting and each exchange with the server may take
 * @param active    an inactive connection refuses every send, saying so
 */
@Checked
public record OutgoingSmtpConfig(
        @Name String name,
        @JsonPropertyDescription("smtp://host:587 or smtps://host:465") @NotBlank String address,
        @JsonProperty(defaultValue = "true")
        @JsonPropertyDescription("with smtp://: upgrade to TLS with STARTTLS, and refuse a server that cannot")
        boolean starttls,
        @JsonPropertyDescription("a PEM file on every node of the CAs to trust instead of the JVM's (TLS or STARTTLS)")
        String caFile,
        @JsonPropertyDescription("the login; none when not given") String user,
        @JsonPropertyDescription("its password (write-only)") Secret password,
        @JsonPropertyDescription("the sender of every mail, e.g. Conduit <noreply@example.com>") @NotBlank String from,
        @JsonProperty(defaultValue = "10000")
        @JsonPropertyDescription("how long connecting and each exchange with the server may take, in ms")
        @Min(100) @Max(600_000) int timeoutMs,
        @JsonProperty(defaultValue = "true") @JsonPropertyDescription("an inactive connection refuses every send")
        boolean active) implements Configured, CrossChecked {

    static final Set<String> SCHEMES = Set.of("smtp", "smtps");

    /** Outgoing SMTP connections: {@code /conduit/admin/outgoing/smtp}. */
    public static final Kind<OutgoingSmtpConfig> KIND = Kind.of("outgoing/smtp", "outgoing SMTP connection",
            OutgoingSmtpConfig.class);

    public OutgoingSmtpConfig {
        address = address == null ? null : address.trim();
        caFile = caFile == null || caFile.isBlank() ? null : caFile.trim();
        user = user == null || user.isBlank() ? null : user.trim();
        from = from == null ? null : from.trim();
    }

    @Override
    public void check(Findings findings) {
        MailAddress.checkCaFile(caFile, findings);
        MailAddress.check(address, SCHEMES, "address", findings);
        findings.require(user == null || password != null, "password", "a user needs its password");
        if (from != null) {
            try {
                new InternetAddress(from, true);
            } catch (AddressException e) {
                findings.add("from", "is not a mail address: " + e.getMessage());
            }
        }
    }

    /** @return the address, parsed */
    public MailAddress where() {
        return MailAddress.parse(address, SCHEMES);
    }
}
