package io.conduit.server.config;

import io.conduit.common.error.InvalidInputException;
import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot be used, with every problem found in it (answered 400, changing nothing). */
public final class InvalidConfigException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public InvalidConfigException(List<Problem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** @return every problem, each naming its object and field */
    public List<Problem> problems() {
        return problems;
    }

    private static String message(List<Problem> problems) {
        if (problems.size() == 1) {
            return problems.get(0).describe();
        }
        boolean oneObject = problems.stream().map(p -> p.kind() + "/" + p.name()).distinct().count() == 1;
        return problems.stream().map(oneObject ? Problem::describe : Problem::locate)
                .collect(Collectors.joining("; "));
    }
}
