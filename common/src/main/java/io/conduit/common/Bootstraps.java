package io.conduit.common;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.setup.Bootstrap;

/** What every Conduit app (node, LB agent, dashboard) sets up the same way before it runs. */
public final class Bootstraps {

    /**
     * The JSON parser's bounds, for every body any app reads: deeper nesting, longer strings, numbers
     * or names are refused with a 400 that says which bound (a body's size is bounded before, by
     * {@code channels.maxRequestSize} and Jetty).
     */
    public static final StreamReadConstraints JSON_LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(200)
            .maxStringLength(16 * 1024 * 1024)
            .maxNumberLength(100)
            .maxNameLength(10_000)
            .build();

    private Bootstraps() {
    }

    /** {@code ${VAR:-default}} in the config file, ISO dates in JSON, and {@link #JSON_LIMITS}. */
    public static void standard(Bootstrap<?> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        json(bootstrap.getObjectMapper());
    }

    /**
     * ISO dates and {@link #JSON_LIMITS}: how every Conduit part reads and writes JSON (the service test kit
     * reads and writes services' JSON with it too).
     *
     * @return the mapper given, configured
     */
    public static ObjectMapper json(ObjectMapper mapper) {
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.getFactory().setStreamReadConstraints(JSON_LIMITS);
        return mapper;
    }
}
