package io.conduit.server.secrets;

import io.conduit.common.secrets.SecretKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private final String key = SecretKeys.newKey();
    private final AtomicReference<String> file = new AtomicReference<>(key);
    private final SecretBox box = new SecretBox(() -> SecretKeys.parse(file.get(), "secrets.key"));

    @Test
    void aSealedSecretShowsNeitherItselfNorTheKeyAndOpensAgain() {
        String sealed = box.seal("s3cret-basic");
        assertThat(sealed).startsWith("enc:v1:" + box.keys().current().id() + ":")
                .doesNotContain("s3cret").doesNotContain(key);
        assertThat(box.open(sealed, "security definition 'crm'")).isEqualTo("s3cret-basic");
        assertThat(box.seal("s3cret-basic")).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(box.seal(null)).isNull();
    }

    @Test
    void aValueWrittenBeforeSecretsWereSealedOpensAsItIs() {
        assertThat(box.open("plain-old", "x")).isEqualTo("plain-old");
        assertThat(box.sealedWithCurrentKey("plain-old")).isFalse();
    }

    @Test
    void anAlteredSecretIsRefusedNamingWhatItBelongsTo() {
        String sealed = box.seal("s3cret");
        String prefix = sealed.substring(0, sealed.lastIndexOf(':') + 1);
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(prefix.length()));
        bytes[bytes.length - 1] ^= 1;
        String altered = prefix + Base64.getEncoder().encodeToString(bytes);
        assertThatThrownBy(() -> box.open(altered, "security definition 'crm'"))
                .isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("security definition 'crm'").hasMessageContaining("altered");
    }

    @Test
    void aSecretSealedWithAKeyTheNodeLacksNamesTheKeyAndWhatToDo() {
        SecretBox other = new SecretBox(() -> SecretKeys.parse(SecretKeys.newKey(), "other"));
        String sealed = other.seal("s3cret");
        assertThatThrownBy(() -> box.open(sealed, "security definition 'crm'"))
                .isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("sealed with key " + other.keys().current().id())
                .hasMessageContaining("secrets.keyFile")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key));
    }

    @Test
    void afterARotationAddsAKeyTheBoxReadsItWhenItMeetsItsId() {
        String before = box.seal("s3cret");
        String newKey = SecretKeys.newKey();
        SecretBox rotating = new SecretBox(() -> SecretKeys.parse(newKey + "\n" + key, "secrets.key"));
        String after = rotating.seal("s3cret");
        assertThat(rotating.open(before, "x")).as("the old key still opens").isEqualTo("s3cret");

        file.set(newKey + "\n" + key);
        assertThat(box.open(after, "x")).as("read again on an unknown id").isEqualTo("s3cret");
        assertThat(box.sealedWithCurrentKey(after)).isTrue();
        assertThat(box.sealedWithCurrentKey(before)).isFalse();
    }

    @Test
    void aKeyFileWithAWrongKeyIsRefusedWithoutPrintingIt() {
        assertThatThrownBy(() -> SecretKeys.parse("# the key\nc2hvcnQ=\n", "/c/secrets.key"))
                .hasMessage("/c/secrets.key, line 2: a key is 32 bytes (256 bits), not 5");
        assertThatThrownBy(() -> SecretKeys.parse("# nothing\n", "/c/secrets.key")).hasMessage("/c/secrets.key holds no key");
        assertThat(SecretKeys.parse(key, "k").toString()).doesNotContain(key);
        assertThat(SecretKeys.parse(key, "k").current().toString()).doesNotContain(key);
    }
}
