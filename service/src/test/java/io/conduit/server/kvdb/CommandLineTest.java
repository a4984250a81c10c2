package io.conduit.server.kvdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void splitsOnSpacesLikeRedisCli() {
        assertThat(CommandLine.parse("  LPUSH   myapp:fraud-detection:cust-type A ")).containsExactly("LPUSH",
                "myapp:fraud-detection:cust-type", "A");
    }

    @Test
    void doubleQuotesKeepSpacesAndUnderstandEscapes() {
        assertThat(CommandLine.parse("SET k \"two words\\n\\\"quoted\\\" \\x41\"")).containsExactly("SET", "k",
                "two words\n\"quoted\" A");
        assertThat(CommandLine.parse("SET k \"\"")).containsExactly("SET", "k", "");
    }

    @Test
    void singleQuotesKeepEverythingButAnEscapedQuote() {
        assertThat(CommandLine.parse("SET k 'it\\'s \\n raw'")).containsExactly("SET", "k", "it's \\n raw");
    }

    @Test
    void quotesMustBeBalancedAndEndTheirArgument() {
        assertThatThrownBy(() -> CommandLine.parse("SET k \"open")).hasMessage("unbalanced quotes in the command");
        assertThatThrownBy(() -> CommandLine.parse("SET k \"a\"b")).hasMessage("a closing quote must be followed by a space");
        assertThatThrownBy(() -> CommandLine.parse("   ")).hasMessageStartingWith("a command is required");
    }
}
