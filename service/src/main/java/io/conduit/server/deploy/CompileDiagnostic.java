package io.conduit.server.deploy;

/**
 * One compiler error, as javac reports it.
 *
 * @param file    the source file's name
 * @param line    1-based line, or 0 if unknown
 * @param column  1-based column, or 0 if unknown
 * @param message the compiler's message
 */
public record CompileDiagnostic(String file, long line, long column, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": error: " + message;
    }
}
