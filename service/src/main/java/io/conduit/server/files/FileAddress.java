package io.conduit.server.files;

import io.conduit.server.config.CrossChecked;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a file channel or an outgoing file connection works: a folder on an SFTP server
 * ({@code sftp://host:22/upload}), on an FTP server ({@code ftp://host:21/upload}) or on this
 * node's own disk ({@code file:///var/drop}). Credentials never go in the address: they are a
 * security definition's.
 *
 * <p>An S3 bucket is {@code s3://bucket/prefix}, with {@code ?region=eu-west-1} (us-east-1 when not
 * given) and, for an S3-compatible server other than AWS, {@code &endpoint=https://minio.example:9000}.
 *
 * @param scheme  {@code sftp}, {@code ftp}, {@code s3} or {@code file}
 * @param host    the server, the bucket for {@code s3}, or null for {@code file}
 * @param port    its port (0 for {@code s3} and {@code file})
 * @param folder  the folder, absolute, without a trailing slash ({@code /} for the root); the key prefix for {@code s3}
 * @param options for {@code s3}: {@code region} and {@code endpoint}
 */
public record FileAddress(String scheme, String host, int port, String folder, Map<String, String> options) {

    /** What an address looks like, for messages. */
    public static final String FORMS = "sftp://host[:port]/folder, ftp://host[:port]/folder,"
            + " s3://bucket/prefix[?region=...&endpoint=...] or file:///folder";

    public FileAddress {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** An address without options. */
    public FileAddress(String scheme, String host, int port, String folder) {
        this(scheme, host, port, folder, Map.of());
    }

    /**
     * @return the address, parsed
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static FileAddress parse(String address) {
        URI uri;
        try {
            uri = new URI(address == null ? "" : address.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not an address (" + e.getReason() + "); write " + FORMS);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not hold a user or password: name a security definition in"
                    + " security instead");
        }
        String folder = folder(uri.getPath());
        if (uri.getRawQuery() != null && !scheme.equals("s3")) {
            throw new IllegalArgumentException("takes no ?options (only s3:// does: region, endpoint)");
        }
        return switch (scheme) {
            case "file" -> {
                if (uri.getHost() != null || uri.getAuthority() != null) {
                    throw new IllegalArgumentException("a file:// address names a folder on each node's disk: write"
                            + " file:///folder (three slashes)");
                }
                yield new FileAddress("file", null, 0, folder);
            }
            case "sftp", "ftp" -> {
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("must name a server: " + scheme + "://host[:port]/folder");
                }
                int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("sftp") ? 22 : 21;
                yield new FileAddress(scheme, uri.getHost(), port, folder);
            }
            case "s3" -> {
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("must name a bucket: s3://bucket/prefix");
                }
                Map<String, String> options = new TreeMap<>();
                if (uri.getRawQuery() != null) {
                    for (String pair : uri.getRawQuery().split("&")) {
                        String[] kv = pair.split("=", 2);
                        String key = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
                        if (!key.equals("region") && !key.equals("endpoint") || kv.length < 2) {
                            throw new IllegalArgumentException("takes ?region=...&endpoint=... only, not '" + pair + "'");
                        }
                        options.put(key, URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
                    }
                }
                if (options.containsKey("endpoint") && !options.get("endpoint").matches("https?://[^/?#]+/?")) {
                    throw new IllegalArgumentException("endpoint must be an http:// or https:// server: https://host:port");
                }
                yield new FileAddress("s3", uri.getHost(), 0, folder, options);
            }
            default -> throw new IllegalArgumentException("must be " + FORMS);
        };
    }

    /** Reports what is wrong with an address field. */
    public static void check(String address, String field, CrossChecked.Findings findings) {
        if (address != null) {
            try {
                parse(address);
            } catch (IllegalArgumentException e) {
                findings.add(field, e.getMessage());
            }
        }
    }

    private static String folder(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return "/";
        }
        String folder = path.startsWith("/") ? path : "/" + path;
        return folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
    }

    /**
     * @param path a path relative to the folder ({@code in/a.csv}) or absolute ({@code /archive/a.csv})
     * @return the path on the server
     */
    public String resolve(String path) {
        if (path == null || path.isEmpty()) {
            return folder;
        }
        if (path.startsWith("/")) {
            return path;
        }
        return (folder.equals("/") ? "" : folder) + "/" + path;
    }

    /** @return the address as an operator writes it */
    @Override
    public String toString() {
        if (scheme.equals("s3")) {
            return "s3://" + host + folder + (options.isEmpty() ? "" : "?" + String.join("&", options.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
        return scheme.equals("file") ? "file://" + folder : scheme + "://" + host + ":" + port + folder;
    }
}
