package io.conduit.server.kvdb;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one command on its own short-lived connection and returns the reply with its RESP type
 * intact (a status and a string look the same through Jedis, not through {@code redis-cli}). Used
 * by the admin API's Remote commands only, never on a request path.
 */
final class RespClient {

    private final String host;
    private final int port;
    private final String password;
    private final int database;
    private final int timeoutMs;

    RespClient(String host, int port, String password, int database, int timeoutMs) {
        this.host = host;
        this.port = port;
        this.password = password;
        this.database = database;
        this.timeoutMs = timeoutMs;
    }

    /**
     * @param args the command and its arguments
     * @return Redis's reply (an error reply is a reply, not an exception)
     * @throws IOException if Redis cannot be reached or drops the connection
     */
    RespReply call(List<String> args) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            InputStream in = new BufferedInputStream(socket.getInputStream());
            if (!password.isEmpty()) {
                expectOk(roundTrip(out, in, List.of("AUTH", password)), "AUTH");
            }
            if (database != 0) {
                expectOk(roundTrip(out, in, List.of("SELECT", String.valueOf(database))), "SELECT");
            }
            return roundTrip(out, in, args);
        }
    }

    private static void expectOk(RespReply reply, String what) throws IOException {
        if (reply instanceof RespReply.Error e) {
            throw new IOException(what + " refused: " + e.text());
        }
    }

    private static RespReply roundTrip(OutputStream out, InputStream in, List<String> args) throws IOException {
        write(out, args);
        out.flush();
        return read(in);
    }

    static void write(OutputStream out, List<String> args) throws IOException {
        out.write(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            out.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write('\r');
            out.write('\n');
        }
    }

    static RespReply read(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("Redis closed the connection");
        }
        String line = line(in);
        return switch (type) {
            case '+' -> new RespReply.Status(line);
            case '-' -> new RespReply.Error(line);
            case ':' -> new RespReply.Integer(Long.parseLong(line));
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield new RespReply.Bulk(null);
                }
                byte[] bytes = in.readNBytes(length);
                if (bytes.length < length) {
                    throw new EOFException("Redis closed the connection mid-reply");
                }
                line(in);
                yield new RespReply.Bulk(bytes);
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    yield new RespReply.Array(null);
                }
                List<RespReply> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                yield new RespReply.Array(items);
            }
            default -> throw new IOException("unexpected reply type '" + (char) type + "' from Redis");
        };
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder out = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("Redis closed the connection mid-reply");
            }
            if (c == '\r') {
                in.read();
                return out.toString();
            }
            out.append((char) c);
        }
    }
}
