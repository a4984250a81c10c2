package io.conduit.server.files;

import io.conduit.server.config.Secret;

/**
 * Who a file server is logged into as: a user with a password or a private key (OpenSSH or PEM,
 * with its passphrase when it has one). Never printed: {@link #toString} shows the user only.
 *
 * @param user       the user
 * @param password   the password, or null
 * @param privateKey the private key, or null
 * @param passphrase the key's passphrase, or null
 */
public record FileLogin(String user, Secret password, Secret privateKey, Secret passphrase) {

    /** No login: a local folder, or an anonymous FTP server. */
    public static final FileLogin NONE = new FileLogin(null, null, null, null);

    @Override
    public String toString() {
        return user == null ? "nobody" : user;
    }
}
