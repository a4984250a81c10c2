package io.conduit.server.files;

import io.conduit.api.FileConnection.Entry;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;

/**
 * A folder on an FTP server (Apache Commons Net), passive mode, binary transfers: a few logged-in
 * control connections, one per caller at a time (an FTP connection does one thing at once). A user
 * and password come from a basic security definition; without one the login is anonymous.
 */
final class FtpFiles implements FileServer {

    private final FileAddress address;
    private final FileLogin login;
    private final Duration timeout;
    private final Channels<FTPClient> channels;
    private volatile boolean broken;

    private FtpFiles(FileAddress address, FileLogin login, Duration timeout) {
        this.address = address;
        this.login = login;
        this.timeout = timeout;
        this.channels = new Channels<>(this::reconnect, FTPClient::isConnected, FtpFiles::disconnect);
    }

    /** A further connection; one that cannot be had marks the session broken, to be opened again whole. */
    private FTPClient reconnect() throws IOException {
        try {
            return newClient();
        } catch (FileServerException e) {
            broken = true;
            throw new IOException(e.getMessage(), e);
        }
    }

    /** @throws FileServerException when the server cannot be reached or refuses the login */
    static FtpFiles connect(FileAddress address, FileLogin login, Duration timeout) {
        if (login.privateKey() != null) {
            throw new FileServerException(FileServerException.Why.LOGIN, "an FTP server takes a user and password:"
                    + " name a basic security definition, not an ssh-key one");
        }
        FtpFiles files = new FtpFiles(address, login, timeout);
        files.channels.keep(files.newClient());
        return files;
    }

    private FTPClient newClient() {
        FTPClient ftp = new FTPClient();
        ftp.setConnectTimeout((int) timeout.toMillis());
        ftp.setDefaultTimeout((int) timeout.toMillis());
        ftp.setControlKeepAliveTimeout(Duration.ofSeconds(30));
        try {
            ftp.connect(address.host(), address.port());
            ftp.setSoTimeout((int) Math.max(timeout.toMillis(), 30_000));
            if (!FTPReply.isPositiveCompletion(ftp.getReplyCode())) {
                throw new FileServerException(FileServerException.Why.UNREACHABLE, "the server refused the connection: "
                        + ftp.getReplyString().trim());
            }
            String user = login.user() == null ? "anonymous" : login.user();
            String password = login.password() == null ? "conduit@" : login.password().reveal();
            if (!ftp.login(user, password)) {
                throw new FileServerException(FileServerException.Why.LOGIN, "the server refused the login of user '"
                        + user + "' (" + ftp.getReplyString().trim() + "); check the security definition");
            }
            ftp.enterLocalPassiveMode();
            ftp.setFileType(FTP.BINARY_FILE_TYPE);
            return ftp;
        } catch (IOException e) {
            disconnect(ftp);
            throw new FileServerException(FileServerException.Why.UNREACHABLE, "could not reach the server: "
                    + e.getMessage(), e);
        } catch (FileServerException e) {
            disconnect(ftp);
            throw e;
        }
    }

    private static void disconnect(FTPClient ftp) {
        try {
            if (ftp.isConnected()) {
                ftp.disconnect();
            }
        } catch (IOException ignored) {
            // closing what failed
        }
    }

    /** The server answered a command with a refusal (a 4xx or 5xx reply other than "not found"). */
    static final class RefusedException extends IOException {
        RefusedException(String message) {
            super(message);
        }
    }

    private static IOException refused(FTPClient ftp, String what) {
        String reply = ftp.getReplyString() == null ? "" : ftp.getReplyString().trim();
        if (ftp.getReplyCode() == FTPReply.FILE_UNAVAILABLE) {
            return new FileNotFoundException(what + ": " + reply);
        }
        return new RefusedException(what + ": the server answered " + reply);
    }

    @Override
    public List<Entry> list(String folder) throws IOException {
        return channels.with(ftp -> {
            FTPFile[] files = ftp.listFiles(folder);
            if (!FTPReply.isPositiveCompletion(ftp.getReplyCode())) {
                throw refused(ftp, "list " + folder);
            }
            List<Entry> entries = new ArrayList<>();
            for (FTPFile f : files) {
                if (f != null && !f.getName().equals(".") && !f.getName().equals("..")) {
                    entries.add(new Entry(f.getName(), (folder.equals("/") ? "" : folder) + "/" + f.getName(),
                            f.isDirectory() ? 0 : f.getSize(), f.getTimestamp() == null ? Instant.EPOCH
                            : f.getTimestamp().toInstant(), f.isDirectory()));
                }
            }
            entries.sort(Comparator.comparing(Entry::name));
            return entries;
        });
    }

    @Override
    public Entry stat(String path) throws IOException {
        return channels.with(ftp -> {
            FTPFile modified = ftp.mdtmFile(path);
            if (modified == null) {
                // no such file, or a folder (MDTM is for files)
                for (Entry e : listQuietly(ftp, FileServer.parent(path))) {
                    if (e.name().equals(FileServer.nameOf(path))) {
                        return e;
                    }
                }
                return null;
            }
            String size = ftp.getSize(path);
            return new Entry(FileServer.nameOf(path), path, size == null ? 0 : Long.parseLong(size.trim()),
                    modified.getTimestamp().toInstant(), false);
        });
    }

    private static List<Entry> listQuietly(FTPClient ftp, String folder) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (FTPFile f : ftp.listFiles(folder)) {
            if (f != null && f.isDirectory()) {
                entries.add(new Entry(f.getName(), (folder.equals("/") ? "" : folder) + "/" + f.getName(), 0,
                        f.getTimestamp() == null ? Instant.EPOCH : f.getTimestamp().toInstant(), true));
            }
        }
        return entries;
    }

    @Override
    public InputStream read(String path) throws IOException {
        return channels.stream(ftp -> {
            InputStream in = ftp.retrieveFileStream(path);
            if (in == null) {
                throw refused(ftp, "read " + path);
            }
            return in;
        }, FTPClient::completePendingCommand);
    }

    @Override
    public void write(String path, InputStream content) throws IOException {
        String part = FileServer.partName(path, UUID.randomUUID().toString());
        channels.with(ftp -> {
            mkdirs(ftp, FileServer.parent(path));
            boolean written = false;
            try {
                if (!ftp.storeFile(part, content)) {
                    throw refused(ftp, "write " + path);
                }
                if (!ftp.rename(part, path)) {
                    throw refused(ftp, "rename " + part + " to " + path);
                }
                written = true;
            } finally {
                if (!written) {
                    ftp.deleteFile(part);
                }
            }
            return null;
        });
    }

    private static void mkdirs(FTPClient ftp, String folder) throws IOException {
        if (folder.equals("/")) {
            return;
        }
        String parent = FileServer.parent(folder);
        if (!ftp.changeWorkingDirectory(folder)) {
            mkdirs(ftp, parent);
            if (!ftp.makeDirectory(folder) && !ftp.changeWorkingDirectory(folder)) {
                throw refused(ftp, "make folder " + folder);
            }
        }
        ftp.changeWorkingDirectory("/");
    }

    @Override
    public void move(String from, String to) throws IOException {
        channels.with(ftp -> {
            mkdirs(ftp, FileServer.parent(to));
            if (!ftp.rename(from, to)) {
                throw refused(ftp, "move " + from + " to " + to);
            }
            return null;
        });
    }

    @Override
    public void delete(String path) throws IOException {
        channels.with(ftp -> {
            if (!ftp.deleteFile(path)) {
                throw refused(ftp, "delete " + path);
            }
            return null;
        });
    }

    @Override
    public boolean open() {
        return !broken;
    }

    @Override
    public void close() {
        channels.closeAll();
    }
}
