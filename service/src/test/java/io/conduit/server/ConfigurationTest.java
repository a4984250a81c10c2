package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jetty.MutableServletContextHandler;
import io.dropwizard.metrics.jetty12.ee10.InstrumentedEE10Handler;
import org.eclipse.jetty.server.Server;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.validation.BaseValidator;
import java.nio.file.Path;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.Test;

/** The shipped {@code config.yml} is valid and has the documented defaults. */
class ConfigurationTest {

    private final ObjectMapper mapper = Jackson.newObjectMapper();
    private final YamlConfigurationFactory<ConduitConfiguration> factory =
            new YamlConfigurationFactory<>(ConduitConfiguration.class, BaseValidator.newValidator(), mapper, "dw");

    @Test
    void theShippedConfigHasTheDesignsDefaults() throws Exception {
        ConduitConfiguration config = factory.build(new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), new StringSubstitutor(name -> null)),
                Path.of("..", "config.yml").toString());

        assertThat(config.getNode().getName()).isEqualTo("server1");
        assertThat(config.getOdb().getUrl()).isEqualTo("jdbc:h2:file:../odb/conduit;AUTO_SERVER=TRUE");
        assertThat(config.getOdb().vendor()).isEqualTo("h2");
        assertThat(config.getAdmin().getCredentialsFile()).isEqualTo("../admin.credentials");
        assertThat(config.getPickup().getDir()).isEqualTo("./pickup-dir");
        DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
        assertThat(((HttpConnectorFactory) server.getApplicationConnectors().get(0)).getPort()).isEqualTo(17010);
        assertThat(((HttpConnectorFactory) server.getAdminConnectors().get(0)).getPort()).isEqualTo(17110);
        assertThat(((HttpConnectorFactory) server.getApplicationConnectors().get(0)).getBindHost()).isEqualTo("127.0.0.1");
        assertThat(config.getAudit().getRetention().toJavaDuration()).isEqualTo(java.time.Duration.ofDays(90));
    }

    @Test
    void environmentVariablesOverrideTheDefaults() throws Exception {
        java.util.Map<String, String> env = java.util.Map.of("CONDUIT_NODE_NAME", "server7", "CONDUIT_PORT", "17016",
                "CONDUIT_ODB_URL", "jdbc:postgresql://db:5432/conduit", "CONDUIT_AUDIT_RETENTION", "30 days");
        ConduitConfiguration config = factory.build(new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), new StringSubstitutor(env::get)),
                Path.of("..", "config.yml").toString());

        assertThat(config.getNode().getName()).isEqualTo("server7");
        assertThat(config.getAudit().getRetention().toJavaDuration()).isEqualTo(java.time.Duration.ofDays(30));
        assertThat(config.getOdb().vendor()).isEqualTo("postgresql");
        DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
        assertThat(((HttpConnectorFactory) server.getApplicationConnectors().get(0)).getPort()).isEqualTo(17016);
    }

    @Test
    void theNodesServerTimesNoRequestASecondTime() throws Exception {
        Bootstrap<ConduitConfiguration> bootstrap = new Bootstrap<>(new ConduitApplication());
        bootstrap.getApplication().initialize(bootstrap);
        ConduitConfiguration config = new YamlConfigurationFactory<>(ConduitConfiguration.class,
                BaseValidator.newValidator(), bootstrap.getObjectMapper(), "dw")
                .build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                        new StringSubstitutor(name -> null)), Path.of("..", "config.yml").toString());
        Environment environment = new Environment("node", bootstrap.getObjectMapper(),
                bootstrap.getValidatorFactory(), bootstrap.getMetricRegistry(), getClass().getClassLoader(),
                bootstrap.getHealthCheckRegistry(), config);

        Server server = config.getServerFactory().build(environment);

        assertThat(config.getServerFactory()).isInstanceOf(ConduitServerFactory.class);
        assertThat(server.getDescendants(InstrumentedEE10Handler.class)).isEmpty();
        assertThat(server.getDescendants(MutableServletContextHandler.class))
                .as("the app and the admin context are still served").hasSize(2);
        assertThat(environment.metrics().getNames()).noneMatch(name -> name.endsWith(".requests"));
    }

    @Test
    void anInvalidNodeNameIsRefusedWithTheField() {
        assertThatThrownBy(() -> factory.build(new ResourceConfigurationSourceProvider(), "fixtures/bad-node-name.yml"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("node.name must be 1-200 letters");
    }
}
