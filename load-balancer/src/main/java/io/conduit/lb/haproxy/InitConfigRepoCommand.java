package io.conduit.lb.haproxy;

import io.conduit.common.haproxy.HaproxyConfig;
import io.conduit.common.tls.ClusterCertificates;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code java -jar conduit-load-balancer.jar init-config-repo DIR}: the containers' config repo
 * (docker-compose.yml's and Kubernetes' {@code init}), made once. The cluster's CA and HAProxy's
 * certificate in {@code DIR/tls}, then the configuration for the containers' paths
 * ({@link HaproxyConfig#containers}) with the error pages. A directory that has a configuration
 * already is left as it is: the LB agent has written its servers there since.
 */
public class InitConfigRepoCommand extends Command {

    public InitConfigRepoCommand() {
        super("init-config-repo", "Makes the containers' HAProxy config repo in DIR, unless it has one");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("dir").metavar("DIR").help("where to write it (HAProxy reads it as /usr/local/etc/haproxy)");
        subparser.addArgument("--admin1-password-file").required(true)
                .help("the file holding admin1's password (the statistics page and the LB agent)");
        subparser.addArgument("--templates").setDefault("load-balancer/config/repo")
                .help("the repository's config repo templates (default: %(default)s)");
        subparser.addArgument("--https-only").action(Arguments.storeTrue())
                .help("redirect plain-HTTP calls to HTTPS");
        subparser.addArgument("--tls-names").setDefault("localhost,haproxy,127.0.0.1")
                .help("the names and addresses HAProxy's certificate is valid for, comma-separated (default: %(default)s)");
        subparser.addArgument("--openssl").setDefault("openssl").help("the openssl program (default: %(default)s)");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        Path dir = Path.of(namespace.getString("dir"));
        if (Files.exists(dir.resolve(HaproxyConfig.FILE))) {
            System.out.println("init-config-repo: " + dir.resolve(HaproxyConfig.FILE) + " exists already; left as it is");
            return;
        }
        Path passwordFile = Path.of(namespace.getString("admin1_password_file"));
        if (!Files.isReadable(passwordFile)) {
            throw new IllegalArgumentException("cannot read admin1's password from " + passwordFile);
        }
        List<String> names = Arrays.stream(namespace.getString("tls_names").split(",")).map(String::strip)
                .filter(n -> !n.isEmpty()).toList();
        ClusterCertificates.ensure(dir.resolve("tls"), "Conduit cluster CA (containers)", names,
                Path.of(namespace.getString("openssl")));
        HaproxyConfig.containers(namespace.getBoolean("https_only")).write(Path.of(namespace.getString("templates")),
                dir, Files.readString(passwordFile).strip(), List.of());
        System.out.println("init-config-repo: made " + dir.resolve(HaproxyConfig.FILE) + " and the cluster's CA in "
                + dir.resolve("tls"));
    }
}
