package io.conduit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import picocli.CommandLine.Option;

/** {@code -o table|json}, for every command whose output is a table: the same rows as JSON for scripts. */
final class OutputOption {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** How a table is printed. */
    enum Format { table, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json")
    Format format = Format.table;

    /** @return whether the rows are printed as JSON */
    boolean json() {
        return format == Format.json;
    }

    /** Prints the rows (records, maps, JSON trees) as indented JSON. */
    static void print(PrintStream out, Object rows) {
        try {
            out.println(JSON.writeValueAsString(rows));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the output cannot be written as JSON", e);
        }
    }
}
