import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The tutorial's fraud detection: a ZeroMQ PULL socket that logs every message it receives, forever.
 * Needs JeroMQ, which the server's jar holds:
 *
 * <pre>java -cp service/target/conduit-service.jar examples/tutorial/backends/FraudDetection.java [address]</pre>
 */
public class FraudDetection {

    public static void main(String[] args) {
        String address = args.length > 0 ? args[0] : "tcp://127.0.0.1:35101";
        try (ZContext context = new ZContext()) {
            ZMQ.Socket socket = context.createSocket(SocketType.PULL);
            socket.bind(address);
            System.out.println(Instant.now() + " Fraud detection listening at " + address);
            while (!Thread.currentThread().isInterrupted()) {
                byte[] message = socket.recv(0);
                if (message != null) {
                    System.out.println(Instant.now() + " Fraud detection received: "
                            + new String(message, StandardCharsets.UTF_8));
                }
            }
        }
    }
}
