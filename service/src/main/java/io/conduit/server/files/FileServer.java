package io.conduit.server.files;

import io.conduit.api.FileConnection.Entry;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A session with one file server (SFTP, FTP, this node's disk): what file channels and outgoing
 * file connections do with files, the same for every scheme. Paths are absolute on the server.
 * Safe for use by several threads at once.
 */
public interface FileServer extends AutoCloseable {

    /** @return the files and folders in a folder, by name */
    List<Entry> list(String folder) throws IOException;

    /** @return a file or folder, or null when there is none */
    Entry stat(String path) throws IOException;

    /** @return the content of a file, as the caller reads it */
    InputStream read(String path) throws IOException;

    /**
     * Writes a file under a temporary name beside it, then renames it over {@code path}: a reader never
     * sees half of it, and a write that fails leaves nothing behind.
     */
    void write(String path, InputStream content) throws IOException;

    /** Moves a file, replacing one of the same name there, making the target's folder when it is missing. */
    void move(String from, String to) throws IOException;

    /** Deletes a file. */
    void delete(String path) throws IOException;

    /** @return whether the session still works (a broken one is replaced) */
    boolean open();

    @Override
    void close();

    /** @return the name of a temporary file written beside {@code path} */
    static String partName(String path, String unique) {
        int slash = path.lastIndexOf('/');
        return path.substring(0, slash + 1) + "." + path.substring(slash + 1) + "." + unique + ".part";
    }

    /** @return the folder of a path: {@code /a} for {@code /a/b.csv}, {@code /} for {@code /b.csv} */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /**
     * @return whether the server answered and refused what was asked of this file (no such file, no
     *     right to read it), as opposed to a server that could not be reached or a connection that broke
     */
    static boolean refused(IOException e) {
        return e instanceof java.nio.file.FileSystemException || e instanceof java.io.FileNotFoundException
                || e instanceof org.apache.sshd.sftp.common.SftpException || e instanceof FtpFiles.RefusedException
                || e.getCause() instanceof software.amazon.awssdk.services.s3.model.S3Exception s3
                && s3.statusCode() >= 400 && s3.statusCode() < 500 && s3.statusCode() != 403;
    }

    /** @return the last part of a path */
    static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
