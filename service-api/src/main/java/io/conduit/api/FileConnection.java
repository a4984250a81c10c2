package io.conduit.api;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/**
 * An outgoing file connection: a folder on an SFTP or FTP server, an S3 bucket or a local folder,
 * as the operator configured it. Paths are relative to the connection's folder ({@code in/a.csv})
 * or absolute. A file written is first written under a temporary name and renamed when complete, so
 * a reader never sees half of it.
 *
 * <pre>{@code
 * outgoing().files("Partner").put("reports/2026-12-07.csv", csv);
 * for (FileConnection.Entry e : outgoing().files("Partner").list("in")) { ... }
 * }</pre>
 *
 * Every method throws {@link OutgoingException} naming the connection and the file when the server
 * cannot be reached, refuses the login or the operation, or the file is not there.
 */
public interface FileConnection {

    /**
     * Writes a file, replacing one of the same name.
     *
     * @param content a {@code byte[]} or an {@code InputStream} as it is, a {@code String} as UTF-8 text,
     *                anything else as JSON
     */
    void put(String path, Object content);

    /** @return a file's content, whole; for large files use {@link #open} */
    byte[] get(String path);

    /** @return a file's content as it is read; close it when done */
    InputStream open(String path);

    /** @return the files and folders in a folder ({@code ""} for the connection's own), names in order */
    List<Entry> list(String folder);

    /** Deletes a file. */
    void delete(String path);

    /**
     * A file or folder.
     *
     * @param name      its name
     * @param path      its path on the server
     * @param size      its size in bytes (0 for a folder)
     * @param modified  when it was last modified
     * @param directory whether it is a folder
     */
    record Entry(String name, String path, long size, Instant modified, boolean directory) {
    }
}
