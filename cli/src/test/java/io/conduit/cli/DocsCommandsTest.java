package io.conduit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code bin/conduit} command the repository's Markdown shows (the README, {@code docs/},
 * the examples' and the template's READMEs), and every long option written on the same line, is one
 * the CLI has: a doc cannot promise a command that was renamed or never made.
 */
class DocsCommandsTest {

    /** {@code bin/conduit COMMAND} and what follows on the line up to a comment, a pipe or a closing quote. */
    private static final Pattern COMMAND = Pattern.compile("bin/conduit ([a-z][a-z-]*)([^#|`'\\n]*)");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])(--[a-z][a-z-]*)");
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();

    @Test
    void everyCommandAndOptionTheDocsShowExists() throws IOException {
        List<Path> docs = markdown();
        assertThat(docs).contains(ROOT.resolve("README.md"), ROOT.resolve("docs/TUTORIAL.md"));
        Map<String, CommandLine> commands = ConduitCli.commandLine(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream())).getSubcommands();
        List<String> unknown = new ArrayList<>();
        int shown = 0;
        for (Path doc : docs) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = COMMAND.matcher(lines.get(i));
                while (m.find()) {
                    shown++;
                    String where = ROOT.relativize(doc) + ":" + (i + 1) + ": bin/conduit " + m.group(1);
                    CommandLine command = commands.get(m.group(1));
                    if (command == null) {
                        unknown.add(where + " (no such command)");
                        continue;
                    }
                    Matcher o = OPTION.matcher(m.group(2));
                    while (o.find()) {
                        if (command.getCommandSpec().findOption(o.group(1)) == null) {
                            unknown.add(where + " " + o.group(1) + " (no such option of " + m.group(1) + ")");
                        }
                    }
                }
            }
        }
        assertThat(shown).as("bin/conduit commands shown in the docs").isGreaterThan(30);
        assertThat(unknown).as("commands and options the docs show that the CLI does not have").isEmpty();
    }

    @Test
    void aRenamedCommandOrAMadeUpOptionIsCaught() {
        Map<String, CommandLine> commands = ConduitCli.commandLine(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream())).getSubcommands();
        assertThat(commands).containsKeys("quickstart", "apply", "new-project", "rotate-key").doesNotContainKey("init");
        assertThat(commands.get("quickstart").getCommandSpec().findOption("--servers")).isNotNull();
        assertThat(commands.get("quickstart").getCommandSpec().findOption("--nodes")).isNull();
        Matcher m = COMMAND.matcher("bin/conduit status cluster -o json   # --not-an-option in a comment");
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo("status");
        assertThat(OPTION.matcher(m.group(2)).find()).isFalse();
    }

    private static List<Path> markdown() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !ROOT.relativize(p).toString().matches("(^|.*/)(target|node_modules|\\.git)/.*"))
                    .sorted()
                    .toList();
        }
    }
}
