package io.conduit.common.haproxy;

import io.conduit.common.tls.ClusterCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one renderer of a cluster's HAProxy configuration: the template
 * {@code load-balancer/config/repo/conduit.config} with its {@code {{...}}} values filled in, and
 * the files it names (the error pages, the closing map) beside it. {@code bin/conduit quickstart},
 * the containers' {@code init} (and so Kubernetes) and the tests all render through here.
 *
 * @param bind the address HAProxy listens on
 * @param frontendPort plain HTTP
 * @param httpsPort HTTPS, with {@link #tlsPem()}
 * @param adminPort HAProxy's statistics page (user admin1)
 * @param repo where HAProxy finds the config repo: the configuration, the error pages, the closing map
 * @param statsSocket the Runtime API's socket
 * @param stateFile where server states survive a reload
 * @param tlsPem the certificate, chain and key HAProxy serves HTTPS with; beside it
 *     {@link ClusterCertificates#CLIENT_CA}, the CAs of the client certificates it verifies
 * @param httpsOnly whether plain-HTTP calls are redirected to HTTPS
 */
public record HaproxyConfig(String bind, int frontendPort, int httpsPort, int adminPort, Path repo,
                            Path statsSocket, Path stateFile, Path tlsPem, boolean httpsOnly) {

    /** The configuration's file name in the config repo. */
    public static final String FILE = "conduit.config";
    /** The error pages HAProxy answers with, each {@code STATUS.http} in the config repo. */
    public static final List<String> ERROR_PAGES = List.of("400", "403", "408", "500", "502", "503", "504");
    private static final String REDIRECT = "http-request redirect location https://";

    /** One server line. */
    public record Server(String name, String address) {
    }

    /**
     * The containers' layout (docker-compose.yml and Kubernetes): the config repo at
     * {@code /usr/local/etc/haproxy}, sockets and state in {@code /var/run/haproxy}, the standard
     * ports on every address.
     */
    public static HaproxyConfig containers(boolean httpsOnly) {
        Path etc = Path.of("/usr/local/etc/haproxy");
        Path run = Path.of("/var/run/haproxy");
        return new HaproxyConfig("0.0.0.0", 11223, 11443, 11225, etc, run.resolve("haproxy.sock"),
                run.resolve("server-state"), etc.resolve("tls/haproxy.pem"), httpsOnly);
    }

    /**
     * @param template the template's text
     * @param admin1Password the password of the statistics page and the LB agent
     * @param servers the nodes known now (the LB agent adds the ones that join later)
     * @return the configuration
     */
    public String render(String template, String admin1Password, List<Server> servers) {
        return render(template, admin1Password, servers, ClientProofs.next());
    }

    /** @param clientProof what HAProxy sends beside a verified client certificate's subject ({@link ClientProofs}) */
    public String render(String template, String admin1Password, List<Server> servers, String clientProof) {
        String serverLines = servers.isEmpty() ? "    # (none yet: the nodes join by themselves)"
                : servers.stream().map(s -> "    server " + s.name() + " " + s.address())
                        .collect(Collectors.joining("\n"));
        return template.replace("{{STATS_SOCKET}}", statsSocket.toString())
                .replace("{{STATE_FILE}}", stateFile.toString())
                .replace("{{ERROR_DIR}}", repo.toString())
                .replace("{{CLOSING_MAP}}", repo.resolve("closing.map").toString())
                .replace("{{BIND}}", bind)
                .replace("{{FRONTEND_PORT}}", String.valueOf(frontendPort))
                .replace("{{HTTPS_PORT}}", String.valueOf(httpsPort))
                .replace("{{TLS_PEM}}", tlsPem.toString())
                .replace("{{CLIENT_CA}}", tlsPem.resolveSibling(ClusterCertificates.CLIENT_CA).toString())
                .replace("{{CLIENT_PROOF}}", clientProof)
                .replace("{{HTTPS_ONLY}}", httpsOnly ? "" : "# ")
                .replace("{{ADMIN_PORT}}", String.valueOf(adminPort))
                .replace("{{ADMIN1_PASSWORD}}", admin1Password)
                .replace("{{SERVERS}}", serverLines);
    }

    /**
     * Writes a config repo: the rendered configuration (readable by its owner only: it holds admin1's
     * password) with the error pages and an empty closing map beside it.
     *
     * @param templates the repository's {@code load-balancer/config/repo}
     * @param to where to write it; HAProxy may see it at another path, {@link #repo()}
     * @return the configuration's file
     */
    public Path write(Path templates, Path to, String admin1Password, List<Server> servers) throws IOException {
        Files.createDirectories(to);
        for (String status : ERROR_PAGES) {
            Files.copy(templates.resolve(status + ".http"), to.resolve(status + ".http"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(to.resolve("closing.map"), "");
        Path config = to.resolve(FILE);
        Files.deleteIfExists(config);
        Files.createFile(config, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(config, render(Files.readString(templates.resolve(FILE)), admin1Password, servers));
        return config;
    }

    /** @return whether a rendered configuration redirects plain HTTP to HTTPS (its line not commented out) */
    public static boolean httpsOnly(Path config) {
        try {
            return Files.readAllLines(config).stream().anyMatch(l -> l.stripLeading().startsWith(REDIRECT));
        } catch (IOException e) {
            return false;
        }
    }
}
