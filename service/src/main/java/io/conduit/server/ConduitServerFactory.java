package io.conduit.server;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.dropwizard.jetty.MutableServletContextHandler;
import com.codahale.metrics.MetricRegistry;
import jakarta.servlet.Servlet;
import jakarta.validation.Validator;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;

/**
 * Dropwizard's default server ({@code server:} in the config file, every key as documented by
 * Dropwizard) without its per-request metrics handler: a node counts its calls once, in its own
 * statistics and {@code /conduit/metrics} (see docs/OBSERVABILITY.md), and bench/flow put about 1% of a
 * call's CPU in timing every request a second time. It is the server a node's config gets when
 * {@code server.type} is not given; {@code type: default} still gives Dropwizard's own.
 */
@JsonTypeName("conduit")
public class ConduitServerFactory extends DefaultServerFactory {

    /** The {@code type} of {@link ServerFactory} with {@code ConduitServerFactory} as the default. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", defaultImpl = ConduitServerFactory.class)
    private interface DefaultType {
    }

    /** Makes {@code server:} without a {@code type} read as this factory. */
    static void makeDefault(Bootstrap<?> bootstrap) {
        ObjectMapper mapper = bootstrap.getObjectMapper();
        mapper.addMixIn(ServerFactory.class, DefaultType.class);
        mapper.registerSubtypes(ConduitServerFactory.class);
    }

    @Override
    protected Handler createAppServlet(Server server, JerseyEnvironment jersey, ObjectMapper objectMapper,
                                       Validator validator, MutableServletContextHandler handler,
                                       Servlet jerseyContainer, MetricRegistry metricRegistry) {
        Handler instrumented = super.createAppServlet(server, jersey, objectMapper, validator, handler,
                jerseyContainer, metricRegistry);
        if (instrumented instanceof Handler.Wrapper wrapper && wrapper.getHandler() == handler) {
            wrapper.setHandler((Handler) null);
            return handler;
        }
        return instrumented;
    }
}
