package io.conduit.server.channel;

import io.conduit.server.config.DataFormat;
import io.conduit.server.config.HttpMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Routing a request among 1,000 channels: 500 exact paths and 500 templates with two parameters
 * each. The baseline is the router before path templates, one hash lookup of the exact path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoutingBenchmark {

    private static final int CHANNELS = 500;
    private static final int PATHS = 1024;

    private ChannelRoutes routes;
    private Map<String, HttpChannel> exactOnly;
    private String[] literalPaths;
    private String[] templatePaths;
    private int next;

    @Setup
    public void setUp() {
        List<HttpChannel> channels = new ArrayList<>();
        exactOnly = new HashMap<>();
        for (int i = 0; i < CHANNELS; i++) {
            HttpChannel literal = new HttpChannel("literal-" + i, "/api/v1/resource" + i + "/items", "svc.literal",
                    HttpMethod.GET, DataFormat.JSON, null, null, null, true);
            channels.add(literal);
            exactOnly.put(literal.urlPath(), literal);
            channels.add(new HttpChannel("template-" + i, "/api/v1/things" + i + "/{id}/parts/{part}", "svc.template",
                    HttpMethod.GET, DataFormat.JSON, null, null, null, true));
        }
        routes = new ChannelRoutes(channels, List.of());
        literalPaths = new String[PATHS];
        templatePaths = new String[PATHS];
        for (int i = 0; i < PATHS; i++) {
            int c = (i * 7919) % CHANNELS;
            literalPaths[i] = "/api/v1/resource" + c + "/items";
            templatePaths[i] = "/api/v1/things" + c + "/" + (100_000 + i) + "/parts/p" + i;
        }
    }

    private int index() {
        next = (next + 1) & (PATHS - 1);
        return next;
    }

    @Benchmark
    public HttpChannel baselineExactHashLookup() {
        return exactOnly.get(literalPaths[index()]);
    }

    @Benchmark
    public HttpChannel exactPath() {
        return routes.match(literalPaths[index()]).channel("GET");
    }

    @Benchmark
    public Map<String, String> templateWithTwoParameters() {
        ChannelRoutes.Match match = routes.match(templatePaths[index()]);
        return match.params(match.channel("GET"));
    }
}
