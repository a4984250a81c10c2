package io.conduit.server.outgoing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.FileConnection;
import io.conduit.api.OutgoingException;
import io.conduit.api.OutgoingException.Reason;
import io.conduit.server.files.FileAddress;
import io.conduit.server.files.FileServer;
import io.conduit.server.files.FileServerException;
import io.conduit.server.files.FileServers;
import io.conduit.server.metrics.ConnectionMeter;
import io.conduit.server.security.SecurityDefinition;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * One outgoing file connection on this node: a session with its server, opened on the first call
 * and again when it broke, shared by the calls (an SFTP session carries a channel per call). Every
 * failure names the connection and the file.
 */
final class FileSender implements LiveRegistry.Live<FileSender.Spec, FileSender> {

    /** What it is built from: the connection and its security definition (null when none or missing). */
    record Spec(OutgoingFilesConfig config, SecurityDefinition security) {
    }

    private static final Duration DRAIN = Duration.ofSeconds(30);

    private final Spec spec;
    private final ObjectMapper mapper;
    private final ConnectionMeter meter;
    private final Retirement<FileSender> retirement = new Retirement<>();
    private final FileAddress address;
    private FileServer server;

    FileSender(Spec spec, ObjectMapper mapper, ConnectionMeter meter) {
        this.spec = spec;
        this.mapper = mapper;
        this.meter = meter;
        this.address = spec.config().where();
    }

    private String name() {
        return spec.config().name();
    }

    private interface Op<T> {
        T on(FileServer server, String path) throws IOException;
    }

    private <T> T call(String what, String path, Object sent, Op<T> op) {
        if (!retirement.enter()) {
            return retirement.successor(name()).call(what, path, sent, op);
        }
        String where = address.resolve(path);
        ConnectionMeter.Call call = meter.start(what + " " + where);
        if (sent != null) {
            call.sent(sent);
        }
        long start = System.nanoTime();
        try {
            if (!spec.config().active()) {
                throw new OutgoingException(name(), Reason.INACTIVE, "outgoing file connection '" + name()
                        + "' is inactive; activate it in the dashboard or with PUT /conduit/admin/outgoing/files/"
                        + name(), null);
            }
            T result = op.on(server(), where);
            call.ok();
            return result;
        } catch (IOException e) {
            OutgoingException failure = failure(what, where, e, start);
            call.failed(failure);
            throw failure;
        } catch (RuntimeException e) {
            call.failed(e);
            throw e;
        } finally {
            retirement.leave();
        }
    }

    private synchronized FileServer server() {
        if (server == null || !server.open()) {
            if (server != null) {
                server.close();
            }
            server = null;
            if (spec.security() != null && !spec.security().active()) {
                throw new OutgoingException(name(), Reason.INACTIVE, "outgoing file connection '" + name()
                        + "': its security definition '" + spec.security().name() + "' is inactive", null);
            }
            try {
                server = FileServers.open(address, spec.security(), spec.config().hostKey(),
                        Duration.ofMillis(spec.config().timeoutMs()));
            } catch (FileServerException e) {
                throw new OutgoingException(name(), e.why() == FileServerException.Why.UNREACHABLE ? Reason.UNREACHABLE
                        : Reason.REJECTED, "outgoing file connection '" + name() + "' (" + address + "): "
                        + e.getMessage(), e);
            }
        }
        return server;
    }

    private OutgoingException failure(String what, String path, IOException e, long start) {
        long ms = (System.nanoTime() - start) / 1_000_000;
        boolean missing = e instanceof NoSuchFileException || e instanceof FileNotFoundException
                || e instanceof SftpException s && s.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE;
        String why = missing ? "there is no such file or folder" : e.getMessage() == null ? e.toString() : e.getMessage();
        Reason reason = missing || e instanceof SftpException || e instanceof java.nio.file.FileSystemException
                ? Reason.REJECTED : Reason.UNREACHABLE;
        return new OutgoingException(name(), reason, "outgoing file connection '" + name() + "' (" + address + "): "
                + what + " " + path + " failed after " + ms + " ms: " + why, e);
    }

    void put(String path, Object content) {
        call("put", path, content instanceof InputStream ? "(a stream)" : content, (s, where) -> {
            try (InputStream in = stream(content)) {
                s.write(where, in);
            }
            return null;
        });
    }

    private InputStream stream(Object content) throws JsonProcessingException {
        if (content instanceof InputStream in) {
            return in;
        }
        byte[] bytes = content instanceof byte[] b ? b : content instanceof String s
                ? s.getBytes(StandardCharsets.UTF_8) : mapper.writeValueAsBytes(content);
        return new ByteArrayInputStream(bytes);
    }

    byte[] get(String path) {
        return call("get", path, null, (s, where) -> {
            try (InputStream in = s.read(where)) {
                return in.readAllBytes();
            }
        });
    }

    InputStream open(String path) {
        return call("open", path, null, FileServer::read);
    }

    List<FileConnection.Entry> list(String folder) {
        return call("list", folder, null, FileServer::list);
    }

    void delete(String path) {
        call("delete", path, null, (s, where) -> {
            s.delete(where);
            return null;
        });
    }

    /** @return how long reaching the server and listing its folder took, in milliseconds */
    double ping() {
        long start = System.nanoTime();
        call("list", "", null, FileServer::list);
        return (System.nanoTime() - start) / 1e6;
    }

    @Override
    public Spec spec() {
        return spec;
    }

    @Override
    public Duration retire(Function<String, FileSender> current) {
        retirement.retire(current);
        return DRAIN;
    }

    @Override
    public boolean drained() {
        return retirement.drained();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public String toString() {
        return "FileSender[" + name() + " " + address + "]";
    }
}
