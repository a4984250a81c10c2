package io.conduit.api;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * The file a file channel handed the service: where it lies, how large it is, and its content.
 * A small file's content is the request's payload as well (JSON when it is JSON, else text); a large
 * one is read with {@link #open()}, streamed from the server while the channel holds the file.
 *
 * <pre>{@code
 * IncomingFile file = request().file();
 * try (BufferedReader lines = new BufferedReader(new InputStreamReader(file.open(), UTF_8))) {
 *     lines.lines().skip(1).forEach(this::row);
 * }
 * }</pre>
 */
public interface IncomingFile {

    /** @return the file's name, without its folder: {@code orders-0412.csv} */
    String name();

    /** @return the file's path on its server: {@code /upload/orders-0412.csv} */
    String path();

    /** @return its size in bytes */
    long size();

    /** @return when it was last modified */
    Instant modified();

    /**
     * @return the content, read from the server as the caller reads it; close it when done
     * @throws IOException if the server cannot be read (the call fails; the file stays for its {@code onFailure})
     */
    InputStream open() throws IOException;
}
