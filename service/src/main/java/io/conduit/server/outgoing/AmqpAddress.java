package io.conduit.server.outgoing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.conduit.common.error.InvalidInputException;
import io.conduit.server.config.CrossChecked;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;

/**
 * A broker's address, {@code amqp://host:5672/vhost} (or {@code amqps://}), checked and turned into
 * the RabbitMQ client's connection factory. An address without a virtual host, or with {@code /},
 * means the default one, {@code /}; credentials never go in the address.
 *
 * @param tls         whether to use TLS (trusting the JVM's CAs)
 * @param host        the broker's host
 * @param port        its port
 * @param virtualHost the virtual host
 */
public record AmqpAddress(boolean tls, String host, int port, String virtualHost) {

    /**
     * @param address what an operator wrote
     * @throws InvalidInputException saying what is wrong
     */
    public static AmqpAddress parse(String address) {
        URI uri;
        try {
            uri = address == null ? null : URI.create(address.trim());
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !("amqp".equals(uri.getScheme()) || "amqps".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getQuery() != null) {
            throw new InvalidInputException("address must be amqp://host:port/vhost (or amqps://), e.g."
                    + " amqp://127.0.0.1:5672/");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidInputException("address must not hold credentials: put them in user and password,"
                    + " which are kept sealed");
        }
        boolean tls = "amqps".equals(uri.getScheme());
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String vhost = path.isEmpty() || path.equals("/") ? "/"
                : URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8);
        return new AmqpAddress(tls, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : tls ? 5671 : 5672, vhost);
    }

    /** @return the address as written back ({@code amqp://host:port/vhost}), or as given when it is not one */
    public static String normalised(String address) {
        try {
            return address == null ? null : parse(address).text();
        } catch (InvalidInputException e) {
            return address.trim();
        }
    }

    /** Reports what is wrong with an address, if anything, as {@code field}'s. */
    public static void check(String address, String field, CrossChecked.Findings findings) {
        try {
            if (address != null) {
                parse(address);
            }
        } catch (InvalidInputException e) {
            findings.add(field, e.getMessage().replaceFirst("^address ", ""));
        }
    }

    /** @return the address as written back: {@code amqp://host:port/vhost} */
    public String text() {
        return (tls ? "amqps" : "amqp") + "://" + host + ":" + port + "/"
                + (virtualHost.equals("/") ? "" : java.net.URLEncoder.encode(virtualHost, StandardCharsets.UTF_8));
    }

    /**
     * @param timeoutMs connect and handshake timeout, and the longest the broker may take to answer a channel's
     *                  request (opening a channel, turning confirms on): a broker that is slow to answer makes
     *                  the call fail within the connection's timeout instead of hanging for the client's default
     *                  ten minutes
     * @return a factory of connections that recover by themselves (every second) when the broker comes back
     */
    public ConnectionFactory factory(String user, String password, int timeoutMs) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setVirtualHost(virtualHost);
        factory.setUsername(user);
        factory.setPassword(password == null ? "" : password);
        factory.setConnectionTimeout(timeoutMs);
        factory.setHandshakeTimeout(timeoutMs);
        factory.setChannelRpcTimeout(timeoutMs);
        factory.setRequestedHeartbeat(10);
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1000);
        if (tls) {
            try {
                factory.useSslProtocol(SSLContext.getDefault());
                factory.enableHostnameVerification();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JVM has no TLS", e);
            }
        }
        return factory;
    }

    /**
     * @return what went wrong with the broker, for a message: the text the broker closed a channel
     *         or the connection with, else the root cause's message (after the outer exception's
     *         type, when they differ)
     */
    public static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof ShutdownSignalException s && s.getReason() instanceof AMQP.Channel.Close close) {
            return close.getReplyText();
        }
        if (root instanceof ShutdownSignalException s && s.getReason() instanceof AMQP.Connection.Close close) {
            return close.getReplyText();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? message : e.getClass().getSimpleName() + ": " + message;
    }

    /** Closes a broker connection, waiting up to {@code timeoutMs}; aborts it when it cannot be closed cleanly. */
    public static void close(Connection connection, int timeoutMs) {
        if (connection == null) {
            return;
        }
        try {
            connection.close(timeoutMs);
        } catch (IOException | RuntimeException e) {
            connection.abort(timeoutMs);
        }
    }
}
