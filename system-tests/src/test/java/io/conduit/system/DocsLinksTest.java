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
 * and the rest) names a file or directory that exists inside the repository, and a link to a
 * heading ({@code FILE.md#anchor}, {@code #anchor}) names one the file has.
 */
class DocsLinksTest {

    /** {@code [text](target)} and {@code ![alt](target "title")}; the target up to a space or ')'. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```[^\\n]*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");
    /** Each linked file's anchors, read once however many links name it. */
    private static final java.util.Map<Path, java.util.Set<String>> ANCHORS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+?) *#*$");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();

    @Test
    void everyRelativeLinkInTheDocsResolvesInsideTheRepositoryToAFileAndHeadingThatExist() throws IOException {
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
    void theCheckCatchesALinkOutOfTheRepositoryAMissingFileAndAMissingHeading() {
        Path readme = ROOT.resolve("README.md");
        String text = """
                # Top
                See [the notes](../elsewhere/NOTES.md), [gone](docs/NOPE.md) and [ok](docs/TUTORIAL.md#the-cast).
                ```
                [in a code block](not/checked.md)
                ```
                `[in a code span](not/checked.md)` and [web](https://example.org/x.md) and [here](#top).
                [moved](docs/TUTORIAL.md#no-such-step) and [not here](#bottom).
                """;
        assertThat(brokenLinks(readme, text)).containsExactly(
                "README.md:2: ../elsewhere/NOTES.md (outside the repository)",
                "README.md:2: docs/NOPE.md (no such file)",
                "README.md:7: docs/TUTORIAL.md#no-such-step (no such heading in docs/TUTORIAL.md)",
                "README.md:7: #bottom (no such heading in README.md)");
        assertThat(anchors("## Channels, security and errors\n## A: b\n## A: b\n```\n# not a heading\n```\n"))
                .containsExactlyInAnyOrder("channels-security-and-errors", "a-b", "a-b-1");
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
            if (SCHEME.matcher(target).find()) {
                continue;
            }
            String file = target.replaceAll("[#?].*$", "");
            Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
            String where = ROOT.relativize(doc) + ":" + lineOf(prose, m.start()) + ": " + target;
            int hash = target.indexOf('#');
            if (!resolved.startsWith(ROOT)) {
                broken.add(where + " (outside the repository)");
            } else if (!Files.exists(resolved)) {
                broken.add(where + " (no such file)");
            } else if (hash >= 0 && resolved.toString().endsWith(".md")
                    && !(resolved.equals(doc) ? anchors(text) : ANCHORS.computeIfAbsent(resolved, f -> anchors(read(f))))
                    .contains(target.substring(hash + 1))) {
                broken.add(where + " (no such heading in " + ROOT.relativize(resolved) + ")");
            }
        }
        return broken;
    }

    /** @return the anchors of a Markdown text's headings, as GitHub makes them ({@code ## A, b!} is {@code a-b}) */
    static java.util.Set<String> anchors(String markdown) {
        java.util.Set<String> anchors = new java.util.HashSet<>();
        Matcher heading = HEADING.matcher(blankFences(markdown));
        while (heading.find()) {
            String slug = heading.group(1).strip().toLowerCase(java.util.Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            String unique = slug;
            for (int n = 1; !anchors.add(unique); n++) {
                unique = slug + "-" + n;
            }
        }
        return anchors;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Replaces fenced code blocks with as many blank lines, so line numbers stay true. */
    private static String blankFences(String text) {
        return FENCE.matcher(text).replaceAll(m -> m.group().replaceAll("[^\\n]", ""));
    }

    private static int lineOf(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }
}
