package io.conduit.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.FilterReply;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.conduit.testing.Await;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.logging.common.AppenderFactory;
import io.dropwizard.logging.common.async.AsyncLoggingEventAppenderFactory;
import io.dropwizard.logging.common.filter.ThresholdLevelFilterFactory;
import io.dropwizard.logging.common.layout.DropwizardLayoutFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines written in batches by one thread: all of them, in order, flushed on a quiet node, filtered before queued. */
class BatchingAppenderTest {

    private static final ObjectMapper YAML = Jackson.newObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;
    private final LoggerContext context = new LoggerContext();
    private final List<Appender<ILoggingEvent>> built = new ArrayList<>();

    BatchingAppenderTest() {
        context.setMDCAdapter(new LogbackMDCAdapter());
    }

    @AfterEach
    void stop() {
        built.forEach(Appender::stop);
    }

    @Test
    void linesFromManyThreadsAllReachTheFileInTheirOrderAndALineOnAQuietNodeIsWrittenWithoutWaitingForMore()
            throws Exception {
        Path file = dir.resolve("server.log");
        Logger logger = logger(appender("conduit-file", "INFO", file, "neverBlock: false"));

        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 2_000; i++) {
                    logger.info("thread {} line {}", thread, i);
                }
            });
            writer.start();
            threads.add(writer);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Await.until(() -> lines(file).size() == 8_000, Duration.ofSeconds(10));
        int[] next = new int[4];
        Pattern shape = Pattern.compile("thread (\\d) line (\\d+)");
        for (String line : lines(file)) {
            Matcher m = shape.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            int thread = Integer.parseInt(m.group(1));
            assertThat(Integer.parseInt(m.group(2))).as("thread %d's lines in order", thread).isEqualTo(next[thread]++);
        }

        logger.info("one more, then nothing");
        Await.until(() -> lines(file).contains("one more, then nothing"), Duration.ofSeconds(5));
    }

    @Test
    void aLineUnderTheAppendersThresholdIsDroppedBeforeItIsQueued() throws Exception {
        Path file = dir.resolve("warnings.log");
        Appender<ILoggingEvent> appender = appender("conduit-file", "WARN", file, "neverBlock: true");
        Appender<ILoggingEvent> console = appender("conduit-console", "WARN", null, "neverBlock: true");
        Logger logger = logger(appender);
        LoggingEvent info = new LoggingEvent("x", logger, Level.INFO, "a line", null, null);
        LoggingEvent error = new LoggingEvent("x", logger, Level.ERROR, "a failure", null, null);

        for (Appender<ILoggingEvent> each : List.of(appender, console)) {
            assertThat(each).isInstanceOf(BatchingAppender.class);
            assertThat(each.getFilterChainDecision(info)).isEqualTo(FilterReply.DENY);
            assertThat(each.getFilterChainDecision(error)).isEqualTo(FilterReply.NEUTRAL);
        }
        logger.info("not written");
        logger.error("written");
        Await.until(() -> lines(file).contains("written"), Duration.ofSeconds(5));
        assertThat(lines(file)).containsExactly("written");
    }

    @Test
    void stoppingWritesEveryLineStillQueued() throws Exception {
        Path file = dir.resolve("stopped.log");
        Appender<ILoggingEvent> appender = appender("conduit-file", "INFO", file, "neverBlock: false");
        Logger logger = logger(appender);
        for (int i = 0; i < 5_000; i++) {
            logger.info("line {}", i);
        }
        appender.stop();

        List<String> lines = lines(file);
        assertThat(lines).hasSize(5_000);
        assertThat(lines.get(4_999)).isEqualTo("line 4999");
    }

    @Test
    void onceItSaysNothingIsQueuedEveryLineIsInTheFileAsDropwizardExpectsWhenTheServerStops() throws Exception {
        Path file = dir.resolve("drained.log");
        BatchingAppender appender = (BatchingAppender) appender("conduit-file", "INFO", file, "neverBlock: false");
        Logger logger = logger(appender);
        for (int round = 1; round <= 20; round++) {
            for (int i = 0; i < 250; i++) {
                logger.info("round {} line {}", round, i);
            }
            // what Dropwizard's logging does before the JVM ends: wait until the queue says empty
            Await.until(() -> appender.getNumberOfElementsInQueue() == 0, Duration.ofSeconds(5));
            assertThat(lines(file)).as("round %d", round).hasSize(250 * round).last().isEqualTo("round " + round
                    + " line 249");
        }
    }

    private Appender<ILoggingEvent> appender(String type, String threshold, Path file, String more) throws IOException {
        String yaml = "type: " + type + "\nthreshold: " + threshold + "\nqueueSize: 64\ndiscardingThreshold: 0\n" + more + "\n"
                + "layout: {type: conduit, pattern: '%m%n'}\n"
                + (file == null ? "" : "currentLogFilename: " + file + "\narchive: false\n");
        AppenderFactory<ILoggingEvent> factory = YAML.readValue(yaml, new TypeReference<AppenderFactory<ILoggingEvent>>() {
        });
        Appender<ILoggingEvent> appender = factory.build(context, "test", new DropwizardLayoutFactory(),
                new ThresholdLevelFilterFactory(), new AsyncLoggingEventAppenderFactory());
        built.add(appender);
        return appender;
    }

    private Logger logger(Appender<ILoggingEvent> appender) {
        Logger logger = context.getLogger("batching");
        logger.setAdditive(false);
        logger.setLevel(Level.INFO);
        logger.addAppender(appender);
        return logger;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
