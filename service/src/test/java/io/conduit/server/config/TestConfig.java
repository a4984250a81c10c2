package io.conduit.server.config;

import io.conduit.common.secrets.SecretKeys;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;

/** Configured objects for tests, made the way an operator's JSON becomes one (defaults, validation). */
public final class TestConfig {

    /** The codec the node uses, on Dropwizard's mapper. */
    public static final ConfigJson JSON = new ConfigJson(mapper(), Validators.newValidator());

    private TestConfig() {
    }

    /** @return the object of that kind an operator's JSON makes (single quotes read as double) */
    public static <T extends Configured> T bind(Kind<T> kind, String json) {
        try {
            return JSON.bind(kind, mapper().readTree(json.replace('\'', '"')));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }

    /** @return a configuration holding those objects */
    @SafeVarargs
    public static <T extends Configured> Configuration with(Kinds kinds, Kind<T> kind, T... objects) {
        Configuration configuration = Configuration.empty(kinds);
        for (T object : objects) {
            configuration = configuration.with(kind, object);
        }
        return configuration;
    }

    /** @return a store of those kinds in the ODB, its secrets sealed with a fresh key */
    public static ConfigStore store(io.conduit.server.odb.Odb odb, Kind<?>... kinds) {
        return new ConfigStore(odb, new Kinds(java.util.List.of(kinds)), JSON, new io.conduit.server.secrets.SecretBox(
                () -> io.conduit.common.secrets.SecretKeys.parse(io.conduit.common.secrets.SecretKeys.newKey(), "test")));
    }

    /** Who makes a test's releases. */
    public static final Release.Author TESTER = new Release.Author("tester", "api", "127.0.0.1");

    private static ObjectMapper mapper() {
        return Jackson.newObjectMapper().registerModule(ConfigJson.publicModule());
    }
}
