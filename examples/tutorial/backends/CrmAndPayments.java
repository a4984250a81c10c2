import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Executors;

/**
 * The tutorial's CRM and Payments backends, stand-ins for systems the user does not own.
 * One HTTP server (JDK only, no dependencies): {@code /crm/...} answers a customer, {@code /payments/...}
 * a last payment, whatever the request. Every request is logged with its X-Conduit-CID.
 *
 * <pre>java examples/tutorial/backends/CrmAndPayments.java [port] [bind-address]</pre>
 */
public class CrmAndPayments {

    static final String CRM = "{\"firstName\": \"Sean\", \"lastName\": \"O'Brien\"}";
    static final String PAYMENTS = "{\"DATE\": \"2013-05-14T10:42:14.401555\", \"AMOUNT\": \"357\"}";

    public static void main(String[] args) throws IOException {
        // Without it, each keep-alive answer waits ~40 ms for the caller's delayed ACK (Nagle).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 18080;
        String bind = args.length > 1 ? args[1] : "127.0.0.1";
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 128);
        server.createContext("/crm", exchange -> answer(exchange, "CRM", CRM));
        server.createContext("/payments", exchange -> answer(exchange, "Payments", PAYMENTS));
        server.createContext("/", exchange -> answer(exchange, null, null));
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
        System.out.println(Instant.now() + " CRM at http://" + bind + ":" + port + "/crm, Payments at http://" + bind
                + ":" + port + "/payments");
    }

    private static void answer(HttpExchange exchange, String who, String json) throws IOException {
        try (exchange) {
            byte[] request = exchange.getRequestBody().readAllBytes();
            String cid = exchange.getRequestHeaders().getFirst("X-Conduit-CID");
            int status = json == null ? 404 : 200;
            byte[] body = (json == null ? "{\"error\": \"try /crm or /payments\"}" : json)
                    .getBytes(StandardCharsets.UTF_8);
            System.out.println(Instant.now() + " " + (who == null ? "?" : who) + " " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI() + " cid=" + cid + " request=" + new String(request, StandardCharsets.UTF_8));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
