package io.conduit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * A real {@code vsftpd} on a free port, for one test class: anonymous logins (any other user is
 * refused) that may read, write, rename and delete in {@link #folder()}, which FTP paths see as
 * {@code /pub}. vsftpd runs as root; the files it writes belong to the system's {@code ftp} user.
 */
public final class FtpServer extends ExternalServer {

    private final Path dir;
    private final int port;

    public FtpServer() {
        try {
            this.dir = Files.createTempDirectory("conduit-vsftpd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = FreePorts.next();
    }

    public FtpServer start() {
        Path vsftpd = Binaries.require("vsftpd");
        try {
            Path pub = Files.createDirectories(dir.resolve("root/pub"));
            Files.setPosixFilePermissions(pub, PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.writeString(dir.resolve("vsftpd.conf"), String.join("\n",
                    "listen=YES", "listen_ipv6=NO", "listen_address=127.0.0.1", "listen_port=" + port, "background=NO",
                    "anonymous_enable=YES", "local_enable=NO", "no_anon_password=YES",
                    "write_enable=YES", "anon_upload_enable=YES", "anon_mkdir_write_enable=YES",
                    "anon_other_write_enable=YES", "anon_world_readable_only=NO", "anon_umask=022",
                    "anon_root=" + dir.resolve("root"), "allow_writeable_chroot=YES",
                    "seccomp_sandbox=NO", "isolate=NO", "isolate_network=NO",
                    "xferlog_enable=NO", "vsftpd_log_file=" + dir.resolve("vsftpd.log"),
                    "pasv_enable=YES", "pasv_address=127.0.0.1", "connect_from_port_20=NO",
                    "max_clients=200", "max_per_ip=200", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up vsftpd in " + dir, e);
        }
        process = ExternalProcess.start("vsftpd :" + port, List.of(vsftpd.toString(),
                dir.resolve("vsftpd.conf").toString()), dir, dir.resolve("vsftpd.out"))
                .awaitReady(() -> ExternalProcess.greets(port, "220"), Duration.ofSeconds(20));
        return this;
    }

    public int port() {
        return port;
    }

    /** @return the folder FTP clients see as {@code /pub} */
    public Path folder() {
        return dir.resolve("root/pub");
    }
}
