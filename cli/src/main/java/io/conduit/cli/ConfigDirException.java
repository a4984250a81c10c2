package io.conduit.cli;

import java.util.List;

/** A config directory that cannot be applied: every problem found, each at its file and line. */
final class ConfigDirException extends CliException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    ConfigDirException(String problem) {
        this(List.of(problem));
    }

    ConfigDirException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0) : problems.size() + " problems, nothing was changed:\n  "
                + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
