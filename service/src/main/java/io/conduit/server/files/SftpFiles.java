package io.conduit.server.files;

import io.conduit.api.FileConnection.Entry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * A folder on an SFTP server, through one SSH session (Apache MINA SSHD) with a few SFTP channels
 * on it, one per caller at a time. The server's host key must be the one configured: a server that
 * presents another is refused, and the error names the key it presented.
 */
final class SftpFiles implements FileServer {

    private static final SshClient CLIENT = client();

    private final ClientSession session;
    private final Channels<SftpClient> channels;

    private SftpFiles(ClientSession session) {
        this.session = session;
        this.channels = new Channels<>(() -> SftpClientFactory.instance().createSftpClient(session), SftpClient::isOpen,
                sftp -> {
                    try {
                        sftp.close();
                    } catch (IOException ignored) {
                        // a channel that failed, or whose session closed
                    }
                });
    }

    private static SshClient client() {
        SshClient client = SshClient.setUpDefaultClient();
        // each session checks its server's key itself (connect, below); no known_hosts file is read
        client.setServerKeyVerifier((session, remote, key) -> {
            // given at connect, so it is there before the key exchange starts
            AttributeRepository context = session.getConnectionContext();
            HostKeyCheck check = context == null ? null : context.getAttribute(HostKeyCheck.KEY);
            return check != null && check.accepts(KeyUtils.getFingerPrint(key));
        });
        client.start();
        return client;
    }

    /** The host key a session wants, and the one its server presented (kept here: a closed session forgets). */
    private static final class HostKeyCheck {
        static final AttributeRepository.AttributeKey<HostKeyCheck> KEY = new AttributeRepository.AttributeKey<>();

        private final String wanted;
        private volatile String presented;

        HostKeyCheck(String wanted) {
            this.wanted = wanted;
        }

        boolean accepts(String fingerprint) {
            presented = fingerprint;
            return wanted != null && wanted.equals(fingerprint);
        }
    }

    /**
     * @param hostKey the server's key's fingerprint, {@code SHA256:...}; null refuses every server, naming its key
     * @throws FileServerException saying why the session could not be had: unreachable, a host key that is not the
     *                             one configured, a refused login
     */
    static SftpFiles connect(FileAddress address, FileLogin login, String hostKey, Duration timeout) {
        if (login.user() == null) {
            throw new FileServerException(FileServerException.Why.LOGIN, "an SFTP server needs a user: name a basic or"
                    + " ssh-key security definition in security");
        }
        ClientSession session = null;
        HostKeyCheck check = new HostKeyCheck(hostKey);
        try {
            session = CLIENT.connect(login.user(), address.host(), address.port(),
                    AttributeRepository.ofKeyValuePair(HostKeyCheck.KEY, check)).verify(timeout).getSession();
            if (login.password() != null) {
                session.addPasswordIdentity(login.password().reveal());
            }
            if (login.privateKey() != null) {
                for (KeyPair key : keys(login)) {
                    session.addPublicKeyIdentity(key);
                }
            }
            try {
                session.auth().verify(timeout);
            } catch (IOException e) {
                String presented = check.presented;
                if (presented != null && !presented.equals(hostKey)) {
                    throw new FileServerException(FileServerException.Why.HOST_KEY, hostKey == null
                            ? "the server presented host key " + presented + " and no hostKey is configured; check it"
                            + " is the server's (ssh-keyscan -p " + address.port() + " " + address.host()
                            + " | ssh-keygen -lf -) and set hostKey to it"
                            : "the server presented host key " + presented + ", not the configured " + hostKey
                            + ": refused (the server was replaced, or someone is in between); if the server's key"
                            + " changed on purpose, set hostKey to the new one");
                }
                throw new FileServerException(FileServerException.Why.LOGIN, "the server refused the login of user '"
                        + login.user() + "' (" + (login.privateKey() != null ? "private key" : "password")
                        + "); check the security definition", e);
            }
            return new SftpFiles(session);
        } catch (FileServerException e) {
            closeQuietly(session);
            throw e;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            closeQuietly(session);
            throw new FileServerException(FileServerException.Why.UNREACHABLE, "could not reach the server: "
                    + e.getMessage(), e);
        }
    }

    private static Iterable<KeyPair> keys(FileLogin login) throws IOException, GeneralSecurityException {
        String passphrase = login.passphrase() == null ? null : login.passphrase().reveal();
        Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("privateKey"),
                new ByteArrayInputStream(login.privateKey().reveal().getBytes(StandardCharsets.UTF_8)),
                passphrase == null ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(passphrase));
        if (keys == null || !keys.iterator().hasNext()) {
            throw new FileServerException(FileServerException.Why.LOGIN, "the security definition's privateKey holds no"
                    + " key (expected OpenSSH or PEM text)");
        }
        return keys;
    }

    private static void closeQuietly(ClientSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (IOException ignored) {
                // closing what failed
            }
        }
    }

    @Override
    public List<Entry> list(String folder) throws IOException {
        return channels.with(sftp -> {
            List<Entry> entries = new ArrayList<>();
            for (SftpClient.DirEntry e : sftp.readDir(folder)) {
                String name = e.getFilename();
                if (!name.equals(".") && !name.equals("..")) {
                    entries.add(entry(name, (folder.equals("/") ? "" : folder) + "/" + name, e.getAttributes()));
                }
            }
            entries.sort(Comparator.comparing(Entry::name));
            return entries;
        });
    }

    private static Entry entry(String name, String path, SftpClient.Attributes a) {
        Instant modified = a.getModifyTime() == null ? Instant.EPOCH : a.getModifyTime().toInstant();
        return new Entry(name, path, a.isDirectory() ? 0 : a.getSize(), modified, a.isDirectory());
    }

    @Override
    public Entry stat(String path) throws IOException {
        return channels.with(sftp -> {
            try {
                return entry(FileServer.nameOf(path), path, sftp.stat(path));
            } catch (SftpException e) {
                if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                    return null;
                }
                throw e;
            }
        });
    }

    @Override
    public InputStream read(String path) throws IOException {
        return channels.stream(sftp -> sftp.read(path), sftp -> true);
    }

    @Override
    public void write(String path, InputStream content) throws IOException {
        String part = FileServer.partName(path, UUID.randomUUID().toString());
        channels.with(sftp -> {
            boolean written = false;
            mkdirs(sftp, FileServer.parent(path));
            try {
                try (OutputStream out = sftp.write(part)) {
                    content.transferTo(out);
                }
                rename(sftp, part, path);
                written = true;
            } finally {
                if (!written) {
                    removeQuietly(sftp, part);
                }
            }
            return null;
        });
    }

    private static void removeQuietly(SftpClient sftp, String path) {
        try {
            sftp.remove(path);
        } catch (IOException ignored) {
            // nothing was written, or the session is gone: nothing to clean
        }
    }

    @Override
    public void move(String from, String to) throws IOException {
        channels.with(sftp -> {
            mkdirs(sftp, FileServer.parent(to));
            rename(sftp, from, to);
            return null;
        });
    }

    /**
     * Renames over a file of the target's name: atomically with OpenSSH's posix-rename; else (SFTP 3
     * servers without it refuse to rename over a file) the target is removed first.
     */
    private static void rename(SftpClient sftp, String from, String to) throws IOException {
        OpenSSHPosixRenameExtension posix = sftp.getExtension(OpenSSHPosixRenameExtension.class);
        if (posix != null && posix.isSupported()) {
            posix.posixRename(from, to);
            return;
        }
        if (exists(sftp, to)) {
            sftp.remove(to);
        }
        sftp.rename(from, to);
    }

    private static boolean exists(SftpClient sftp, String path) throws IOException {
        try {
            sftp.stat(path);
            return true;
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw e;
        }
    }

    private static void mkdirs(SftpClient sftp, String folder) throws IOException {
        if (folder.equals("/") || exists(sftp, folder)) {
            return;
        }
        mkdirs(sftp, FileServer.parent(folder));
        try {
            sftp.mkdir(folder);
        } catch (SftpException e) {
            if (!exists(sftp, folder)) {
                throw e;
            }
        }
    }

    @Override
    public void delete(String path) throws IOException {
        channels.with(sftp -> {
            sftp.remove(path);
            return null;
        });
    }

    @Override
    public boolean open() {
        return session.isOpen() && !session.isClosing();
    }

    @Override
    public void close() {
        channels.closeAll();
        closeQuietly(session);
    }
}
