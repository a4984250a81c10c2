package io.conduit.server.files;

import io.conduit.server.config.CrossChecked;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a file channel or an outgoing file connection works: a folder on an SFTP server
 * ({@code sftp://host:22/upload}), on an FTP server ({@code ftp://host:21/upload}) or on this
 * node's own disk ({@code file:///var/drop}). Credentials never go in the address: they are a
 * security definition's.
 *
 * @param scheme {@code sftp}, {@code ftp} or {@code file}
 * @param host   the server, or null for {@code file}
 * @param port   its port
 * @param folder the folder, absolute, without a trailing slash ({@code /} for the root)
 */
public record FileAddress(String scheme, String host, int port, String folder) {

    /** What an address looks like, for messages. */
    public static final String FORMS = "sftp://host[:port]/folder, ftp://host[:port]/folder or file:///folder";

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
        return scheme.equals("file") ? "file://" + folder : scheme + "://" + host + ":" + port + folder;
    }
}
