package io.conduit.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository stands alone: every relative link in its Markdown files (the README, {@code docs/}
 * and the rest) names a file or directory that exists inside the repository.
 */
class DocsLinksTest {

    /** {@code [text](target)} and {@code ![alt](target "title")}; the target up to a space or ')'. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```[^\\n]*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();

    @Test
    void everyRelativeLinkInTheDocsResolvesInsideTheRepository() throws IOException {
        List<Path> docs = markdownFiles();
        assertThat(docs).as("Markdown files under " + ROOT)
                .contains(ROOT.resolve("README.md"), ROOT.resolve("docs/TUTORIAL.md"), ROOT.resolve("docs/CONTAINERS.md"));
        List<String> broken = new ArrayList<>();
        for (Path doc : docs) {
            broken.addAll(brokenLinks(doc, Files.readString(doc)));
        }
        assertThat(broken).as("relative links to files missing from the repository").isEmpty();
    }

    @Test
    void theCheckCatchesALinkOutOfTheRepositoryAndAMissingFile() {
        Path readme = ROOT.resolve("README.md");
        String text = """
                See [the tutorial](../shared/docs/TUTORIAL.md), [gone](docs/NOPE.md) and [ok](docs/TUTORIAL.md#cast).
                ```
                [in a code block](not/checked.md)
                ```
                `[in a code span](not/checked.md)` and [web](https://example.org/x.md) and [here](#top).
                """;
        assertThat(brokenLinks(readme, text)).containsExactly(
                "README.md:1: ../shared/docs/TUTORIAL.md (outside the repository)",
                "README.md:1: docs/NOPE.md (no such file)");
    }

    private static List<Path> markdownFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !ROOT.relativize(p).toString().matches("(^|.*/)(target|node_modules|\\.git)/.*"))
                    .sorted()
                    .toList();
        }
    }

    static List<String> brokenLinks(Path doc, String text) {
        String prose = CODE_SPAN.matcher(blankFences(text)).replaceAll(m -> " ".repeat(m.group().length()));
        List<String> broken = new ArrayList<>();
        Matcher m = LINK.matcher(prose);
        while (m.find()) {
            String target = m.group(1);
            if (SCHEME.matcher(target).find() || target.startsWith("#")) {
                continue;
            }
            String file = target.replaceAll("[#?].*$", "");
            Path resolved = doc.getParent().resolve(file).normalize();
            String where = ROOT.relativize(doc) + ":" + lineOf(prose, m.start()) + ": " + target;
            if (!resolved.startsWith(ROOT)) {
                broken.add(where + " (outside the repository)");
            } else if (!Files.exists(resolved)) {
                broken.add(where + " (no such file)");
            }
        }
        return broken;
    }

    /** Replaces fenced code blocks with as many blank lines, so line numbers stay true. */
    private static String blankFences(String text) {
        return FENCE.matcher(text).replaceAll(m -> m.group().replaceAll("[^\\n]", ""));
    }

    private static int lineOf(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }
}
