package io.conduit.bench.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * The flow benchmark's ceiling: the tutorial's flow written by hand, with no framework, on the same
 * libraries Conduit uses (Jetty 12, Apache HttpClient 5, Jedis, JeroMQ, Jackson, SLF4J with
 * Logback). It does the same work as {@code GetClientDetails} on a Conduit node: parse the request,
 * call CRM and Payments with the cid, read the fraud-checked types from Redis, push the fraud
 * message over ZeroMQ, and log the same five lines with the cid.
 *
 * <pre>java -cp benchmarks.jar io.conduit.bench.flow.HandWritten PORT BACKENDS_URL REDIS_PORT ZMQ_ADDRESS</pre>
 */
public final class HandWritten extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger("tutorial.get-client-details");
    private static final String TYPES = "myapp:fraud-detection:cust-type";

    private final ObjectMapper mapper = new ObjectMapper();
    private final CloseableHttpClient http;
    private final String crm;
    private final String payments;
    private final JedisPooled redis;
    private final ZMQ.Socket fraud;

    private HandWritten(String backends, int redisPort, String zmq) {
        Timeout timeout = Timeout.ofSeconds(5);
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setMaxConnTotal(200)
                        .setMaxConnPerRoute(200).setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(timeout).setSocketTimeout(timeout).build()).build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
                .disableAutomaticRetries().disableCookieManagement().disableRedirectHandling().build();
        this.crm = backends + "/crm/client";
        this.payments = backends + "/payments/last";
        this.redis = new JedisPooled(new HostAndPort("127.0.0.1", redisPort), DefaultJedisClientConfig.builder().build());
        ZContext context = new ZContext(1);
        this.fraud = context.createSocket(SocketType.PUSH);
        fraud.setSndHWM(1000);
        fraud.connect(zmq);
    }

    public static void main(String[] args) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        server.setHandler(new HandWritten(args[1], Integer.parseInt(args[2]), args[3]));
        server.start();
        System.out.println("hand-written flow ready on port " + args[0]);
        server.join();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        byte[] body = Content.Source.asInputStream(request).readAllBytes();
        String cid = Long.toHexString(ThreadLocalRandom.current().nextLong());
        MDC.put("cid", cid);
        try {
            JsonNode payload = mapper.readTree(body);
            LOG.info("Request: {}", payload);
            LOG.info("Request type: {}", payload.getClass().getSimpleName());
            JsonNode customer = post(crm, cid, payload);
            LOG.info("Customer details: {}", customer);
            JsonNode lastPayment = post(payments, cid, payload);
            LOG.info("Last payment: {}", lastPayment);

            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("first_name", customer.path("firstName").asText());
            answer.put("last_name", customer.path("lastName").asText());
            answer.put("last_payment_date", lastPayment.path("DATE").asText());
            answer.put("last_payment_amount", lastPayment.path("AMOUNT").asText());
            LOG.info("Response: {}", answer);

            List<String> types = redis.lrange(TYPES, 0, -1);
            if (types.contains(payload.path("cust_type").asText())) {
                Map<String, Object> message = new LinkedHashMap<>();
                message.put("timestamp", Instant.now().toString());
                message.put("request", payload.toString());
                message.put("response", answer);
                byte[] bytes = mapper.writeValueAsBytes(message);
                synchronized (fraud) {
                    fraud.send(bytes, ZMQ.DONTWAIT);
                }
            } else {
                LOG.info("Skipped fraud detection for CID {}", cid);
            }
            byte[] out = mapper.writeValueAsBytes(answer);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, out.length);
            response.write(true, ByteBuffer.wrap(out), callback);
        } catch (IOException | RuntimeException e) {
            LOG.error("failed", e);
            Response.writeError(request, response, callback, 500);
        } finally {
            MDC.remove("cid");
        }
        return true;
    }

    private JsonNode post(String url, String cid, JsonNode payload) throws IOException {
        return http.execute(ClassicRequestBuilder.post(url).setHeader("X-Conduit-CID", cid)
                        .setHeader("Accept", "application/json")
                        .setEntity(new ByteArrayEntity(mapper.writeValueAsBytes(payload), ContentType.APPLICATION_JSON))
                        .build(),
                r -> mapper.readTree(EntityUtils.toByteArray(r.getEntity())));
    }
}
