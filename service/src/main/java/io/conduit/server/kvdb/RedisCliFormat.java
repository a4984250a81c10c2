package io.conduit.server.kvdb;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Writes a reply the way {@code redis-cli} shows it in a terminal. */
public final class RedisCliFormat {

    /** Commands whose text reply {@code redis-cli} prints raw, not quoted. */
    private static final Set<String> RAW = Set.of("INFO", "CLIENT", "MEMORY", "LATENCY", "CLUSTER");

    private RedisCliFormat() {
    }

    /**
     * @param args  the command that was run
     * @param reply Redis's reply
     * @return the text {@code redis-cli} would print
     */
    public static String format(List<String> args, RespReply reply) {
        String command = args.get(0).toUpperCase(Locale.ROOT);
        if (RAW.contains(command) && reply instanceof RespReply.Bulk bulk && bulk.bytes() != null) {
            return new String(bulk.bytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").stripTrailing();
        }
        StringBuilder out = new StringBuilder();
        format(reply, "", out);
        return out.toString();
    }

    private static void format(RespReply reply, String indent, StringBuilder out) {
        if (reply instanceof RespReply.Status s) {
            out.append(s.text());
        } else if (reply instanceof RespReply.Error e) {
            out.append("(error) ").append(e.text());
        } else if (reply instanceof RespReply.Integer i) {
            out.append("(integer) ").append(i.value());
        } else if (reply instanceof RespReply.Bulk b) {
            out.append(b.bytes() == null ? "(nil)" : quote(b.bytes()));
        } else if (reply instanceof RespReply.Array a) {
            formatArray(a.items(), indent, out);
        }
    }

    private static void formatArray(List<RespReply> items, String indent, StringBuilder out) {
        if (items == null) {
            out.append("(nil)");
            return;
        }
        if (items.isEmpty()) {
            out.append("(empty array)");
            return;
        }
        int width = String.valueOf(items.size()).length();
        String childIndent = indent + " ".repeat(width + 2);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append('\n').append(indent);
            }
            String number = String.valueOf(i + 1);
            out.append(" ".repeat(width - number.length())).append(number).append(") ");
            format(items.get(i), childIndent, out);
        }
    }

    /**
     * Quotes a string as redis-cli does ({@code sdscatrepr}): escapes, and every byte that is not
     * printable ASCII as {@code \xHH}, so {@code é} shows as {@code "\xc3\xa9"}.
     */
    static String quote(byte[] bytes) {
        StringBuilder out = new StringBuilder("\"");
        for (byte b : bytes) {
            escape(b & 0xff, out);
        }
        return out.append('"').toString();
    }

    private static void escape(int c, StringBuilder out) {
        switch (c) {
            case '\\' -> out.append("\\\\");
            case '"' -> out.append("\\\"");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case 7 -> out.append("\\a");
            case '\b' -> out.append("\\b");
            default -> {
                if (c < 32 || c >= 127) {
                    out.append(String.format("\\x%02x", c));
                } else {
                    out.append((char) c);
                }
            }
        }
    }
}
