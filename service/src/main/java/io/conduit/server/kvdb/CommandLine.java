package io.conduit.server.kvdb;

import io.conduit.common.error.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into arguments the way {@code redis-cli} does: spaces separate them;
 * double quotes allow spaces and the escapes {@code \n \r \t \b \a \" \\ \xHH}; single quotes allow
 * spaces and {@code \'}. A closing quote must end its argument.
 */
public final class CommandLine {

    private CommandLine() {
    }

    /**
     * @param line what the operator typed
     * @return the arguments, the command first
     * @throws InvalidInputException for unbalanced quotes or an empty line
     */
    public static List<String> parse(String line) {
        if (line == null) {
            throw new InvalidInputException("a command is required, e.g. LRANGE mylist 0 -1");
        }
        List<String> args = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            while (!done) {
                if (i >= n) {
                    if (inDouble || inSingle) {
                        throw new InvalidInputException("unbalanced quotes in the command");
                    }
                    break;
                }
                char c = line.charAt(i);
                if (inDouble) {
                    if (c == '\\' && i + 3 < n && line.charAt(i + 1) == 'x' && isHex(line.charAt(i + 2))
                            && isHex(line.charAt(i + 3))) {
                        current.write(Integer.parseInt(line.substring(i + 2, i + 4), 16));
                        i += 3;
                    } else if (c == '\\' && i + 1 < n) {
                        i++;
                        char e = line.charAt(i);
                        write(current, switch (e) {
                            case 'n' -> "\n";
                            case 'r' -> "\r";
                            case 't' -> "\t";
                            case 'b' -> "\b";
                            case 'a' -> "\u0007";
                            default -> String.valueOf(e);
                        });
                    } else if (c == '"') {
                        if (i + 1 < n && !Character.isWhitespace(line.charAt(i + 1))) {
                            throw new InvalidInputException("a closing quote must be followed by a space");
                        }
                        done = true;
                    } else {
                        write(current, String.valueOf(c));
                    }
                } else if (inSingle) {
                    if (c == '\\' && i + 1 < n && line.charAt(i + 1) == '\'') {
                        i++;
                        current.write('\'');
                    } else if (c == '\'') {
                        if (i + 1 < n && !Character.isWhitespace(line.charAt(i + 1))) {
                            throw new InvalidInputException("a closing quote must be followed by a space");
                        }
                        done = true;
                    } else {
                        write(current, String.valueOf(c));
                    }
                } else if (Character.isWhitespace(c)) {
                    done = true;
                } else if (c == '"' && current.size() == 0) {
                    inDouble = true;
                } else if (c == '\'' && current.size() == 0) {
                    inSingle = true;
                } else {
                    write(current, String.valueOf(c));
                }
                i++;
            }
            args.add(current.toString(StandardCharsets.UTF_8));
        }
        if (args.isEmpty()) {
            throw new InvalidInputException("a command is required, e.g. LRANGE mylist 0 -1");
        }
        return args;
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static void write(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
    }
}
