package io.conduit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's conventions: help on every command, usage errors on stderr with exit 2, a version, completion. */
class ConduitCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path temp;

    @Test
    void everyCommandHasHelpAndNoneTakesHelpForAnArgument() {
        CommandLine root = ConduitCli.commandLine(System.out, System.err);
        assertThat(root.getSubcommands().keySet()).contains("quickstart", "start", "stop", "restart", "status", "deploy",
                "invoke", "rotate-key", "export", "diff", "apply", "releases", "rollback", "completion");
        for (String command : root.getSubcommands().keySet()) {
            if (command.equals("help")) {
                continue;
            }
            out.reset();
            assertThat(run(command, "--help")).as(command).isZero();
            assertThat(output()).as(command).startsWith("Usage: conduit " + command).contains("-h, --help");
        }
        assertThat(run("start", "--help")).isZero();
        assertThat(errors()).isEmpty();
    }

    @Test
    void aUsageErrorIsSaidOnStderrWithExit2() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(errors()).contains("Unmatched argument at index 0: 'frobnicate'").contains("Did you mean: conduit");
        assertThat(output()).isEmpty();
        err.reset();
        assertThat(run("export", temp.toString())).isEqualTo(2);
        assertThat(errors()).startsWith("give the CLUSTER directory (or --url and --credentials) and 1 more argument; got 1");
        err.reset();
        assertThat(run("export", "--url", "http://127.0.0.1:1", "out")).isEqualTo(2);
        assertThat(errors()).startsWith("--url needs --credentials FILE");
        err.reset();
        assertThat(run("releases", temp.toString(), "-o", "xml")).isEqualTo(2);
        assertThat(errors()).contains("Invalid value for option '--output': expected one of [table, json]");
        assertThat(output()).isEmpty();
    }

    @Test
    void aFailureIsOneLineOnStderrWithExit1() {
        assertThat(run("export", temp.resolve("nowhere").toString(), "out")).isEqualTo(1);
        assertThat(errors().strip()).isEqualTo("conduit: " + temp.resolve("nowhere") + " is not a cluster directory"
                + " (bin/conduit quickstart " + temp.resolve("nowhere") + " creates one)");
    }

    @Test
    void theVersionAndTheCompletionScripts() {
        assertThat(run("--version")).isZero();
        assertThat(output()).startsWith("conduit ");
        out.reset();
        assertThat(run("completion", "bash")).isZero();
        assertThat(output()).contains("complete -F _complete_conduit", "export", "rollback");
        out.reset();
        assertThat(run("completion", "zsh")).isZero();
        assertThat(output()).startsWith("autoload -U +X compinit");
    }

    private int run(String... args) {
        return ConduitCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
