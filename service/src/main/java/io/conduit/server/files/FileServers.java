package io.conduit.server.files;

import io.conduit.server.security.SecurityDefinition;
import java.time.Duration;

/** Opens a session with the file server of an address, whatever its scheme. */
public final class FileServers {

    private FileServers() {
    }

    /**
     * @param security the security definition naming the login (basic or ssh-key), or null
     * @param hostKey  for SFTP, the fingerprint of the server's host key ({@code SHA256:...})
     * @throws FileServerException saying why the server could not be had
     */
    public static FileServer open(FileAddress address, SecurityDefinition security, String hostKey, Duration timeout) {
        FileLogin login = loginOf(security);
        return switch (address.scheme()) {
            case "file" -> new LocalFiles();
            case "sftp" -> SftpFiles.connect(address, login, hostKey, timeout);
            case "ftp" -> FtpFiles.connect(address, login, timeout);
            case "s3" -> S3Files.connect(address, login, timeout);
            default -> throw new IllegalArgumentException(address.scheme() + "://");
        };
    }

    /** @return the login a security definition gives, or {@link FileLogin#NONE} */
    public static FileLogin loginOf(SecurityDefinition security) {
        if (security instanceof SecurityDefinition.Basic b) {
            return new FileLogin(b.username(), b.password(), null, null);
        }
        if (security instanceof SecurityDefinition.SshKey k) {
            return new FileLogin(k.username(), null, k.privateKey(), k.passphrase());
        }
        return FileLogin.NONE;
    }

    /** @return whether a security definition can log into a file server */
    public static boolean forFiles(SecurityDefinition security) {
        return security instanceof SecurityDefinition.Basic || security instanceof SecurityDefinition.SshKey;
    }
}
