package io.conduit.testing;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.conduit.api.FileConnection;
import io.conduit.api.KafkaConnection;
import io.conduit.api.MailConnection;
import io.conduit.api.Outgoing;
import io.conduit.api.OutgoingException;
import io.conduit.api.Request;
import io.conduit.api.Service;
import io.conduit.api.SqlConnection;
import io.conduit.common.Bootstraps;
import io.conduit.common.cid.Cids;
import io.conduit.common.error.ErrorBody;
import io.conduit.server.calls.CallRecord;
import io.conduit.server.channel.ChannelServlet;
import io.conduit.server.deploy.Deployer;
import io.conduit.server.deploy.DeploymentException;
import io.conduit.server.deploy.DeploymentInfo;
import io.conduit.server.deploy.LoadedService;
import io.conduit.server.deploy.ServiceNames;
import io.conduit.server.deploy.ServiceRegistry;
import io.conduit.server.deploy.SourceCompiler;
import io.conduit.server.invoke.Answer;
import io.conduit.server.invoke.InvocationRecorder;
import io.conduit.server.invoke.Invoker;
import io.conduit.server.invoke.JsonBodies;
import io.conduit.server.invoke.UnknownServiceException;
import io.conduit.server.outgoing.InMemorySql;
import io.conduit.server.tracing.LogContext;
import io.conduit.server.tracing.Tracing;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Runs services as a node runs them (the node's own invoker: typed binding and Bean Validation with
 * the same 400, {@code ClientErrorException}, the error mapping, the cid in the logging context),
 * with fake outgoing connections, the KVDB in memory and a clock the test sets. No Redis, HAProxy or
 * ODB: the first test pays for loading the node's classes, the next ones take milliseconds.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ServiceHarness harness = ServiceHarness.of(GetClientDetails.class);
 *
 * @Test
 * void answersWithTheCustomersDetails() {
 *     harness.http("CRM").reply(200, Map.of("firstName", "Jane", "lastName", "Doe"));
 *     harness.http("Payments").reply(200, Map.of("DATE", "2026-01-01", "AMOUNT", "12.50"));
 *
 *     Call call = harness.call("tutorial.get-client-details", Map.of("cust_id", 123, "cust_type", "A"));
 *
 *     assertThat(call.status()).isEqualTo(200);
 *     assertThat(call.json().path("first_name").asText()).isEqualTo("Jane");
 * }
 * }</pre>
 *
 * <p>Registered as a JUnit 5 extension, it empties every fake, the KVDB and the clock before each
 * test, and after it fails the test if a reply the test gave was never asked for. Used without
 * JUnit, call {@link #reset()} and {@link #verify()} yourself.
 */
public final class ServiceHarness implements BeforeEachCallback, AfterEachCallback {

    private static final ThreadLocal<ServiceHarness> RUNNING = new ThreadLocal<>();

    private final ObjectMapper mapper = Bootstraps.json(Jackson.newObjectMapper());
    private final ServiceRegistry registry = new ServiceRegistry();
    private final FakeClock clock = new FakeClock();
    private final MemoryKvdb kvdb = new MemoryKvdb();
    private final Tracing tracing = Tracing.off("test", "dev");
    private final Map<String, FakeHttp> http = new ConcurrentHashMap<>();
    private final Map<String, FakeMessages> zmq = new ConcurrentHashMap<>();
    private final Map<String, FakeMessages> amqp = new ConcurrentHashMap<>();
    private final Map<String, FakeMessages> kafka = new ConcurrentHashMap<>();
    private final Map<String, FakeFiles> files = new ConcurrentHashMap<>();
    private final Map<String, FakeMail> mail = new ConcurrentHashMap<>();
    private final Map<String, SqlConnection> sql = new ConcurrentHashMap<>();
    private final Map<String, ScriptedSql> scriptedSql = new ConcurrentHashMap<>();
    private final Map<String, Function<JsonNode, Object>> stubs = new ConcurrentHashMap<>();
    private final Set<String> stubbedNames = ConcurrentHashMap.newKeySet();
    private final List<AsyncCall> async = new CopyOnWriteArrayList<>();
    private final Map<String, CallLog> calls = new ConcurrentHashMap<>();
    private final Invoker invoker;
    private final JsonBodies bodies = new JsonBodies(mapper);
    private final List<String> services = new ArrayList<>();

    /** What one call logged and sent, while it runs. */
    private record CallLog(List<LogLine> lines, List<OutgoingCall> outgoing) {
    }

    private ServiceHarness() {
        invoker = new Invoker(registry, mapper, new FakeOutgoing(), kvdb, InvocationRecorder.NONE, work -> {
            // kept, not run: runAsync() invokes it again by its service, payload and cid, as the work would
            if (work instanceof Invoker.InMemoryInvocation call) {
                async.add(new AsyncCall(call.service(), call.payload(), io.conduit.api.AsyncOptions.inMemory(),
                        call.cid()));
            }
        }, Validators.newValidator(), tracing, clock);
        invoker.useDurable((service, payload, options, cid, traceparent) -> async.add(new AsyncCall(service,
                parse(payload), options, cid)));
        captureLogs();
    }

    /**
     * @param types services on the test's class path (a project of services)
     * @return a harness running them
     * @throws AssertionError if one is not a service a node could load
     */
    @SafeVarargs
    public static ServiceHarness of(Class<? extends Service>... types) {
        ServiceHarness harness = new ServiceHarness();
        List<LoadedService> loaded = new ArrayList<>();
        for (Class<? extends Service> type : types) {
            if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
                throw new AssertionError(type.getName() + " cannot be a service: a service is a public, concrete class"
                        + " that extends " + Service.class.getName());
            }
            Constructor<? extends Service> constructor;
            try {
                constructor = type.getConstructor();
            } catch (NoSuchMethodException e) {
                throw new AssertionError(type.getName() + " cannot be a service: it needs a public no-argument"
                        + " constructor (a node makes a new instance for every call)");
            }
            loaded.add(new LoadedService(ServiceNames.of(type), constructor, null));
        }
        harness.load("classes", loaded);
        return harness;
    }

    /**
     * @param files {@code .java} files (compiled as a node compiles them: they see the service API only) or
     *              {@code .jar} files, as they would be deployed
     * @return a harness running their services
     * @throws AssertionError naming the file and the compiler's errors if one cannot be deployed
     */
    public static ServiceHarness source(Path... files) {
        ServiceHarness harness = new ServiceHarness();
        SourceCompiler compiler = new SourceCompiler();
        for (Path file : files) {
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
            }
            try {
                Deployer.Loaded loaded = Deployer.load(compiler, file.getFileName().toString(), content, "test",
                        harness.clock.instant());
                harness.load(loaded.info().name(), loaded.services());
            } catch (DeploymentException e) {
                throw new AssertionError(file + " cannot be deployed: " + e.report());
            }
        }
        return harness;
    }

    private void load(String deployment, List<LoadedService> loaded) {
        List<String> names = loaded.stream().map(LoadedService::name).toList();
        DeploymentInfo info = new DeploymentInfo(deployment, DeploymentInfo.Kind.JAR, "", 1, names, "test",
                clock.instant());
        registry.put(info, loaded.stream().map(s -> new LoadedService(s.name(), s.constructor(), info)).toList());
        services.addAll(names);
    }

    /**
     * Makes another service answer, for a service under test that invokes it ({@code invoke} or
     * {@code invokeAsync}).
     *
     * @param service the other service's name
     * @param answer  what it answers, from the payload it was given
     */
    public ServiceHarness stub(String service, Function<JsonNode, Object> answer) {
        stubs.put(service, answer);
        if (stubbedNames.add(service)) {
            try {
                load("stub:" + service, List.of(new LoadedService(service, StubbedService.class.getConstructor(), null)));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }
        return this;
    }

    /** @return the fake outgoing HTTP connection of that name, made on first use */
    public FakeHttp http(String name) {
        return http.computeIfAbsent(name, n -> new FakeHttp(n, this));
    }

    /** @return the fake outgoing ZeroMQ connection of that name, made on first use */
    public FakeMessages zmq(String name) {
        return zmq.computeIfAbsent(name, n -> new FakeMessages("zeromq", n, this));
    }

    /** @return the fake outgoing AMQP connection of that name, made on first use */
    public FakeMessages amqp(String name) {
        return amqp.computeIfAbsent(name, n -> new FakeMessages("amqp", n, this));
    }

    /** @return the fake outgoing Kafka connection of that name, made on first use */
    public FakeMessages kafka(String name) {
        return kafka.computeIfAbsent(name, n -> new FakeMessages("kafka", n, this));
    }

    /** @return the fake outgoing SMTP connection of that name, made on first use */
    public FakeMail mail(String name) {
        return mail.computeIfAbsent(name, FakeMail::new);
    }

    /** @return the fake outgoing file connection of that name (a folder in memory), made on first use */
    public FakeFiles files(String name) {
        return files.computeIfAbsent(name, n -> new FakeFiles(n, this));
    }

    /**
     * @return the outgoing SQL connection of that name: a node's own connection on an in-memory H2
     * database (PostgreSQL mode), empty before each test. The test makes its schema and rows with it, and
     * reads what the service wrote.
     */
    public SqlConnection sql(String name) {
        if (scriptedSql.containsKey(name)) {
            throw new IllegalStateException("outgoing SQL connection '" + name + "' is scripted in this test;"
                    + " a connection is either scripted or an in-memory database");
        }
        return sql.computeIfAbsent(name, n -> InMemorySql.open(n, mapper, tracing));
    }

    /**
     * @return the outgoing SQL connection of that name answering what the test scripts, for statements
     * the in-memory database does not run, or failures to test
     */
    public ScriptedSql scriptedSql(String name) {
        if (sql.containsKey(name)) {
            throw new IllegalStateException("outgoing SQL connection '" + name + "' is an in-memory database in this"
                    + " test; a connection is either scripted or an in-memory database");
        }
        return scriptedSql.computeIfAbsent(name, n -> new ScriptedSql(n, this));
    }

    /** @return the KVDB, in memory */
    public MemoryKvdb kvdb() {
        return kvdb;
    }

    /** @return the clock services read through {@code clock()} */
    public FakeClock clock() {
        return clock;
    }

    /** @return the {@code invokeAsync} calls made so far, not yet run */
    public List<AsyncCall> async() {
        return List.copyOf(async);
    }

    /**
     * Runs the {@code invokeAsync} calls made so far (and those they make), in order, on this thread.
     *
     * @return the calls, as each answered
     */
    public List<Call> runAsync() {
        List<Call> answers = new ArrayList<>();
        while (!async.isEmpty()) {
            AsyncCall next = async.remove(0);
            answers.add(call(next.service(), TestRequest.of(next.payload()), next.cid()));
        }
        return answers;
    }

    /** Calls a service with a payload, as a channel would. */
    public Call call(String service, Object payload) {
        return call(service, payload instanceof TestRequest request ? request : TestRequest.of(payload));
    }

    /** Calls the harness's only service with a payload, as a channel would. */
    public Call call(Object payload) {
        List<String> own = services.stream().filter(s -> !stubbedNames.contains(s)).toList();
        if (own.size() != 1) {
            throw new AssertionError("the harness runs " + own + ": say which service to call, harness.call(service, payload)");
        }
        return call(own.get(0), payload);
    }

    /** Calls a service with a request (headers, parameters, principal), as a channel would. */
    public Call call(String service, TestRequest request) {
        return call(service, request == null ? TestRequest.of(null) : request, Cids.next());
    }

    private Call call(String service, TestRequest request, String cid) {
        CallLog log = new CallLog(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        calls.put(cid, log);
        ServiceHarness outer = RUNNING.get();
        RUNNING.set(this);
        try {
            Request built;
            try {
                built = request(request);
            } catch (JsonProcessingException e) {
                return answered(service, cid, log, 400, mapper.valueToTree(new ErrorBody(JsonBodies.describe(e), cid)),
                        Map.of());
            }
            Answer answer;
            try {
                answer = invoker.answer(service, built, cid);
            } catch (UnknownServiceException e) {
                throw new AssertionError("no service '" + service + "' runs in this harness; it runs " + services);
            }
            if (!answer.answered()) {
                return answered(service, cid, log, answer.status(), mapper.valueToTree(answer.error()), Map.of());
            }
            Object payload = answer.response().payload();
            JsonNode body;
            try {
                // written and read back as a channel writes it: what does not serialise fails here as it would there
                body = payload == null ? null : mapper.readTree(mapper.writeValueAsBytes(payload));
            } catch (IOException e) {
                return answered(service, cid, log, 500, mapper.valueToTree(new ErrorBody("the service's response"
                        + " cannot be written as JSON; the server log has the details under cid " + cid, cid)), Map.of());
            }
            return answered(service, cid, log, answer.status(), body, Map.copyOf(answer.response().headers()));
        } finally {
            calls.remove(cid);
            if (outer == null) {
                RUNNING.remove();
            } else {
                RUNNING.set(outer);
            }
        }
    }

    private Call answered(String service, String cid, CallLog log, int status, JsonNode body, Map<String, String> headers) {
        return new Call(service, cid, status, body, headers, List.copyOf(log.lines()), List.copyOf(log.outgoing()), mapper);
    }

    private Request request(TestRequest request) throws JsonProcessingException {
        Object body = request.body();
        if (request.mail() != null) {
            return new Request(mapper.valueToTree(body), request::headers, request.mail(), mapper);
        }
        if (request.file() != null) {
            // as a file channel makes it: JSON when the content is JSON, else text
            String text = (String) body;
            JsonNode content;
            try {
                content = text.isBlank() ? NullNode.getInstance() : mapper.readTree(text);
            } catch (JsonProcessingException notJson) {
                content = mapper.getNodeFactory().textNode(text);
            }
            return new Request(content, () -> text, request::headers, request.file(), mapper);
        }
        JsonNode payload;
        String raw;
        if (body == null) {
            payload = NullNode.getInstance();
            raw = "";
        } else if (body instanceof String text) {
            raw = text;
            payload = bodies.parse(text.getBytes(StandardCharsets.UTF_8));
        } else {
            payload = mapper.valueToTree(body);
            raw = mapper.writeValueAsString(payload);
        }
        return new Request(payload, raw, request.headers(), request.query(), request.pathParams(), request.principal(),
                mapper);
    }

    /**
     * Runs a recorded call's request again (its body, headers, query and path parameters, under its
     * cid), the fakes answering as the backends answered it, in the same order: each outgoing HTTP reply
     * or failure, each statement's rows, count or failure. Messages sent (AMQP, ZeroMQ) are captured as
     * usual. Not replayed: the KVDB (seed {@link #kvdb()} first), the caller's principal (credentials are
     * not recorded), and SQL transactions, whose statements a recording does not keep: give such a
     * connection an in-memory database with {@link #sql} before the replay, and the replay leaves its
     * statements to it.
     *
     * @throws AssertionError if the recording holds what cannot be replayed (a body cut at the node's
     *                        {@code calls.maxBodySize}, a transaction), naming it
     */
    public Call replay(RecordedCall recorded) {
        CallRecord record = recorded.record();
        for (CallRecord.Outgoing o : recorded.outgoing()) {
            String at = recorded.source() + ": outgoing " + o.kind() + " connection '" + o.connection() + "' ";
            if (Boolean.TRUE.equals(o.truncated())) {
                throw new AssertionError(at + "answered more than the node's calls.maxBodySize and the recording cut"
                        + " it; raise calls.maxBodySize and record the call again, or script this reply yourself");
            }
            switch (o.kind()) {
                case "http" -> replayHttp(o);
                case "sql" -> {
                    if (!sql.containsKey(o.connection())) {
                        if ("TRANSACTION".equals(o.operation())) {
                            throw new AssertionError(at + "ran a transaction, whose statements a recording does not"
                                    + " keep: give the connection an in-memory database before the replay,"
                                    + " harness.sql(\"" + o.connection() + "\"), with the rows the service reads");
                        }
                        replaySql(o);
                    }
                }
                case "amqp" -> amqp(o.connection());
                case "kafka" -> kafka(o.connection());
                case "zeromq" -> zmq(o.connection());
                case "kvdb" -> {
                    // the KVDB is state, not replies: the test seeds harness.kvdb()
                }
                default -> throw new AssertionError(at + "is of a kind this harness cannot replay yet");
            }
        }
        CallRecord.Request r = record.request();
        if (r.truncated()) {
            throw new AssertionError(recorded.source() + ": the request's body was longer than the node's"
                    + " calls.maxBodySize and the recording cut it; raise calls.maxBodySize and record the call again");
        }
        TestRequest request = TestRequest.of(r.body() != null ? r.body() : r.text());
        if (r.headers() != null) {
            r.headers().forEach((name, values) -> values.forEach(v -> request.header(name, v)));
        }
        ChannelServlet.query(r.query()).forEach((name, values) -> values.forEach(v -> request.query(name, v)));
        if (r.pathParams() != null) {
            r.pathParams().forEach(request::pathParam);
        }
        return call(recorded.service(), request, record.cid() == null ? Cids.next() : record.cid());
    }

    /** Runs the recorded call saved in a file: {@code replay(RecordedCall.read(file))}. */
    public Call replay(Path file) {
        return replay(RecordedCall.read(file));
    }

    private void replayHttp(CallRecord.Outgoing o) {
        FakeHttp.Stub stub = http(o.connection()).on(o.operation()).once();
        if (o.error() == null && o.status() != null) {
            stub.reply(o.status(), o.received() == null ? null : o.received().isTextual() ? o.received().asText()
                    : o.received());
        } else {
            stub.failAsRecorded(reason(o), message(o));
        }
    }

    private void replaySql(CallRecord.Outgoing o) {
        String statement = o.sent() == null ? "" : o.sent().asText();
        ScriptedSql.Script script = scriptedSql(o.connection()).onRecorded(statement);
        if (o.error() != null) {
            script.failAsRecorded(reason(o), o.sqlState(), message(o));
        } else if (o.received() != null && o.received().isArray()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (JsonNode row : o.received()) {
                rows.add(mapper.convertValue(row, ROW));
            }
            script.rows(rows);
        } else if (o.received() != null && o.received().isNumber()) {
            script.updated(o.received().asInt());
        }
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>> ROW =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };

    private static OutgoingException.Reason reason(CallRecord.Outgoing o) {
        try {
            return o.reason() == null ? OutgoingException.Reason.SERVER_ERROR : OutgoingException.Reason.valueOf(o.reason());
        } catch (IllegalArgumentException e) {
            return OutgoingException.Reason.SERVER_ERROR;
        }
    }

    /** @return the recorded failure's message, without the exception's class the recording put first */
    private static String message(CallRecord.Outgoing o) {
        String error = o.error() == null ? "failed" : o.error();
        int colon = error.indexOf(": ");
        return colon > 0 && !error.substring(0, colon).contains(" ") ? error.substring(colon + 2) : error;
    }

    /** Empties every fake, the KVDB, the SQL databases, the {@code invokeAsync} calls and the stubs; the clock goes back to its start. */
    public void reset() {
        http.values().forEach(FakeHttp::reset);
        zmq.values().forEach(FakeMessages::reset);
        amqp.values().forEach(FakeMessages::reset);
        kafka.values().forEach(FakeMessages::reset);
        files.values().forEach(FakeFiles::reset);
        mail.values().forEach(FakeMail::reset);
        sql.values().forEach(InMemorySql::close);
        sql.clear();
        scriptedSql.clear();
        kvdb.clear();
        clock.reset();
        async.clear();
        stubs.clear();
    }

    /**
     * @throws AssertionError listing every reply the test gave that no service asked for
     */
    public void verify() {
        List<String> unused = new ArrayList<>();
        http.values().forEach(h -> unused.addAll(h.unused()));
        scriptedSql.values().forEach(q -> unused.addAll(q.unused()));
        if (!unused.isEmpty()) {
            throw new AssertionError(String.join("\n", unused)
                    + "\n(mark a reply .optional() if the service may not ask for it)");
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        reset();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            verify();
        }
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** @return the harness whose call runs on this thread (its stubbed services answer from it) */
    static ServiceHarness running() {
        ServiceHarness harness = RUNNING.get();
        if (harness == null) {
            throw new IllegalStateException("no harness call runs on this thread");
        }
        return harness;
    }

    Object stubAnswer(String service, JsonNode payload) {
        Function<JsonNode, Object> answer = stubs.get(service);
        if (answer == null) {
            throw new AssertionError("service '" + currentService() + "' invoked '" + service + "', which this test"
                    + " did not stub: harness.stub(\"" + service + "\", payload -> ...)");
        }
        return answer.apply(payload);
    }

    /** @return the service running on this thread, for messages */
    String currentService() {
        return Objects.requireNonNullElse(LogContext.service(), "(none)");
    }

    void sent(OutgoingCall call) {
        CallLog log = calls.get(Objects.requireNonNullElse(LogContext.cid(), ""));
        if (log != null) {
            log.outgoing().add(call);
        }
    }

    private JsonNode parse(String json) {
        try {
            return json == null ? NullNode.getInstance() : mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an invokeAsync payload is not JSON: " + json, e);
        }
    }

    /** Keeps each call's log lines: the lines logged with its cid. */
    private void captureLogs() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                String cid = event.getMDCPropertyMap().get("cid");
                CallLog log = cid == null ? null : calls.get(cid);
                if (log != null) {
                    IThrowableProxy error = event.getThrowableProxy();
                    log.lines().add(new LogLine(event.getLevel().toString(), event.getLoggerName(),
                            event.getFormattedMessage(), error == null ? null : error.getClassName() + ": "
                            + error.getMessage()));
                }
            }
        };
        appender.setName("conduit-service-harness");
        appender.setContext(context);
        appender.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    /** What services get from {@code outgoing()}: the test's fakes, and an error naming any connection it did not fake. */
    private final class FakeOutgoing implements Outgoing {

        @Override
        public HttpConnections plainHttp() {
            return name -> {
                FakeHttp fake = http.get(name);
                if (fake == null) {
                    throw missing("HTTP", name, "harness.http(\"" + name + "\").reply(200, ...)");
                }
                return fake.connection();
            };
        }

        @Override
        public ZmqConnections zmq() {
            return (message, name) -> {
                FakeMessages fake = zmq.get(name);
                if (fake == null) {
                    throw missing("ZeroMQ", name, "harness.zmq(\"" + name + "\")");
                }
                fake.send(message, null, null);
                return true;
            };
        }

        @Override
        public SqlConnection sql(String name) {
            ScriptedSql scripted = scriptedSql.get(name);
            SqlConnection connection = scripted != null ? scripted.connection() : sql.get(name);
            if (connection == null) {
                throw missing("SQL", name, "harness.sql(\"" + name + "\").update(\"CREATE TABLE ...\")");
            }
            return connection;
        }

        @Override
        public AmqpConnections amqp() {
            return new AmqpConnections() {
                @Override
                public void send(Object message, String connection) {
                    send(message, connection, null, null);
                }

                @Override
                public void send(Object message, String connection, String routingKey) {
                    send(message, connection, routingKey, null);
                }

                @Override
                public void send(Object message, String connection, String routingKey, Map<String, Object> headers) {
                    FakeMessages fake = amqp.get(connection);
                    if (fake == null) {
                        throw missing("AMQP", connection, "harness.amqp(\"" + connection + "\")");
                    }
                    Map<String, Object> sent = new LinkedHashMap<>(headers == null ? Map.of() : headers);
                    sent.put(Cids.HEADER, LogContext.cid());
                    fake.send(message, routingKey, sent);
                }
            };
        }

        @Override
        public KafkaConnection kafka(String name) {
            return new KafkaConnection() {
                @Override
                public Sent send(String key, Object message) {
                    return send(key, message, null);
                }

                @Override
                public Sent send(String key, Object message, Map<String, String> headers) {
                    FakeMessages fake = kafka.get(name);
                    if (fake == null) {
                        throw missing("Kafka", name, "harness.kafka(\"" + name + "\")");
                    }
                    Map<String, Object> sent = new LinkedHashMap<>(headers == null ? Map.of() : headers);
                    sent.put(Cids.HEADER, LogContext.cid());
                    return new Sent(name, 0, fake.send(message, key, sent));
                }
            };
        }

        @Override
        public MailConnection mail(String name) {
            FakeMail fake = mail.get(name);
            if (fake == null) {
                throw missing("SMTP", name, "harness.mail(\"" + name + "\")");
            }
            return fake;
        }

        @Override
        public FileConnection files(String name) {
            FakeFiles fake = files.get(name);
            if (fake == null) {
                throw missing("file", name, "harness.files(\"" + name + "\")");
            }
            return fake;
        }

        private AssertionError missing(String kind, String name, String fix) {
            return new AssertionError("service '" + currentService() + "' asked for outgoing " + kind + " connection '"
                    + name + "', which this test did not fake; add " + fix);
        }
    }
}
