package io.conduit.server.outgoing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.conduit.server.config.Secret;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * How a Kafka client proves who it is to the brokers (SASL over plain TCP), for outgoing
 * connections and channels alike; the password sealed in the ODB.
 *
 * @param mechanism {@code PLAIN}, {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}
 * @param user      the user
 * @param password  the user's password
 */
public record KafkaSasl(
        @JsonProperty(defaultValue = "PLAIN") @JsonPropertyDescription("PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512")
        @Pattern(regexp = "PLAIN|SCRAM-SHA-256|SCRAM-SHA-512", message = "must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512")
        String mechanism,
        @JsonPropertyDescription("the user") @NotBlank String user,
        @JsonPropertyDescription("the user's password (write-only)") @NotNull Secret password) {

    public KafkaSasl {
        mechanism = mechanism == null || mechanism.isBlank() ? "PLAIN" : mechanism.trim().toUpperCase(Locale.ROOT);
        user = user == null ? null : user.trim();
    }

    /** Adds the client's SASL settings to {@code p}. */
    void configure(Properties p) {
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        p.put(SaslConfigs.SASL_MECHANISM, mechanism);
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        p.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + quoted(user) + "\" password=\""
                + quoted(password.reveal()) + "\";");
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
