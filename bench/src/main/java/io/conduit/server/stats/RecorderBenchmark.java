package io.conduit.server.stats;

import io.conduit.server.invoke.InvocationRecorder;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What recording one invocation costs on the request path: the statistics recorder against a
 * recorder that does nothing (the baseline), with a background thread taking the intervals away
 * every second as the flusher does. Run with 1 and 2 threads ({@code -t}), and {@code -prof gc}
 * for the allocation per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class RecorderBenchmark {

    private static final String[] SERVICES = {"tutorial.get-client-details", "billing.charge", "crm.lookup",
        "payments.last", "fraud.check", "orders.create", "orders.get", "stock.reserve"};

    private StatsRecorder recorder;
    private InvocationRecorder none;
    private Thread drainer;
    private volatile boolean running;

    @Setup(Level.Trial)
    public void setUp() {
        recorder = new StatsRecorder(Map.of(), Long.MAX_VALUE, "bench", Clock.systemUTC());
        none = InvocationRecorder.NONE;
        running = true;
        drainer = new Thread(() -> {
            while (running) {
                recorder.drain((service, interval) -> interval.totals());
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            }
        }, "bench-drainer");
        drainer.setDaemon(true);
        drainer.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        running = false;
        drainer.interrupt();
        drainer.join();
    }

    @Benchmark
    public void baselineNoRecorder() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        none.record(SERVICES[random.nextInt(SERVICES.length)], "cid", 1_000_000 + random.nextInt(50_000_000), false);
    }

    @Benchmark
    public void statsRecorder() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        recorder.record(SERVICES[random.nextInt(SERVICES.length)], "cid", 1_000_000 + random.nextInt(50_000_000),
                false);
    }
}
