package io.conduit.server.channel;

import static io.conduit.server.config.TestConfig.bind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.server.config.DataFormat;
import io.conduit.server.config.HttpMethod;
import io.conduit.server.security.SecurityDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelRoutesTest {

    private final HttpChannel first = bind(HttpChannel.KIND, "{'name': 'first', 'urlPath': '/tutorial/first-service',"
            + " 'service': 'tutorial.get-client-details'}");
    private final HttpChannel second = bind(HttpChannel.KIND, "{'name': 'second', 'urlPath': '/a/b', 'service': 'x.y',"
            + " 'method': 'POST', 'security': 'partner'}");
    private final SecurityDefinition partner = bind(SecurityDefinition.KIND, "{'name': 'partner', 'type': 'basic',"
            + " 'username': 'u', 'password': 'p'}");
    private final ChannelRoutes routes = new ChannelRoutes(List.of(first, second), List.of(partner));

    @Test
    void routesAnExactPathAndIgnoresATrailingSlash() {
        assertThat(routes.channelFor("/tutorial/first-service")).isEqualTo(first);
        assertThat(routes.channelFor("/tutorial/first-service/")).isEqualTo(first);
        assertThat(routes.channelFor("/a/b")).isEqualTo(second);
    }

    @Test
    void findsNothingForOtherPaths() {
        assertThat(routes.channelFor("/tutorial")).isNull();
        assertThat(routes.channelFor("/tutorial/first-service/more")).isNull();
        assertThat(routes.channelFor("/")).isNull();
        assertThat(ChannelRoutes.EMPTY.channelFor("/a/b")).isNull();
    }

    @Test
    void knowsTheSecurityDefinitions() {
        assertThat(routes.security("partner")).isEqualTo(partner);
        assertThat(routes.security("other")).isNull();
    }

    @Test
    void validationFillsDefaultsAndNamesTheWrongField() {
        HttpChannel valid = bind(HttpChannel.KIND, "{'name': 'c', 'urlPath': '/x', 'service': ' svc ', 'method': 'post',"
                + " 'security': ' '}");
        assertThat(valid.method()).isEqualTo(HttpMethod.POST);
        assertThat(valid.dataFormat()).isEqualTo(DataFormat.JSON);
        assertThat(valid.security()).isNull();
        assertThat(valid.service()).isEqualTo("svc");
        assertThat(valid.active()).isTrue();

        assertThatThrownBy(() -> bind(HttpChannel.KIND, "{'name': 'c', 'urlPath': 'x', 'service': 's'}"))
                .hasMessageStartingWith("urlPath must start with /");
        assertThatThrownBy(() -> bind(HttpChannel.KIND, "{'name': 'c', 'urlPath': '/conduit/ping', 'service': 's'}"))
                .hasMessageContaining("must not be under /conduit");
        assertThatThrownBy(() -> bind(HttpChannel.KIND, "{'name': 'c', 'urlPath': '/x', 'service': 's', 'method': 'FETCH'}"))
                .hasMessageStartingWith("method must be one of GET, POST");
        assertThatThrownBy(() -> bind(HttpChannel.KIND, "{'name': 'c', 'urlPath': '/x', 'service': 's', 'dataFormat': 'xml'}"))
                .hasMessage("dataFormat must be one of json, not 'xml'");
        assertThatThrownBy(() -> bind(HttpChannel.KIND, "{'name': '<b>', 'urlPath': '/x', 'service': 's'}"))
                .hasMessageStartingWith("name must be");
        assertThatThrownBy(() -> bind(HttpChannel.KIND, "{'name': 'c', 'urlPath': '/x', 'service': 's', 'colour': 'red'}"))
                .hasMessageStartingWith("colour is not a field of an HTTP channel (its fields: active, dataFormat,");
        assertThatThrownBy(() -> bind(HttpChannel.KIND, "{'name': 'c', 'urlPath': '/x'}"))
                .hasMessage("service is required");
    }

    @Test
    void templatesBindTheirParametersAndShareAPathAcrossMethods() {
        HttpChannel get = channel("get", "/customers/{id}", "GET");
        HttpChannel put = channel("put", "/customers/{customer}", "PUT");
        HttpChannel payments = channel("payments", "/customers/{id}/payments", "GET");
        HttpChannel create = channel("new", "/customers/new", null);
        ChannelRoutes table = new ChannelRoutes(List.of(get, put, payments, create), List.of());

        ChannelRoutes.Match match = table.match("/customers/42");
        assertThat(match.channel("GET")).isEqualTo(get);
        assertThat(match.params(get)).isEqualTo(Map.of("id", "42"));
        assertThat(match.channel("PUT")).isEqualTo(put);
        assertThat(match.params(put)).isEqualTo(Map.of("customer", "42"));
        assertThat(match.channel("DELETE")).isNull();
        assertThat(match.allow()).isEqualTo("GET, PUT");

        assertThat(table.match("/customers/a%20b%2Fc/payments/").params(payments)).isEqualTo(Map.of("id", "a b/c"));
        assertThat(table.match("/customers/new").channel("DELETE")).as("a literal wins").isEqualTo(create);
        assertThat(table.match("/customers/new/payments").channel("GET")).as("a dead end goes back to the parameter")
                .isEqualTo(payments);
        assertThat(table.match("/customers")).isNull();
        assertThat(table.match("/customers//payments")).as("a parameter is never empty").isNull();
        assertThat(table.match("/customers/1/payments/2")).isNull();
    }

    @Test
    void channelsOfOneShapeWithOverlappingMethodsOverlap() {
        assertThat(channel("a", "/c/{id}", "GET").overlaps(channel("b", "/c/{other}", "GET"))).isTrue();
        assertThat(channel("a", "/c/{id}", "GET").overlaps(channel("b", "/c/{id}", null))).isTrue();
        assertThat(channel("a", "/c/{id}", "GET").overlaps(channel("b", "/c/{id}", "PUT"))).isFalse();
        assertThat(channel("a", "/c/{id}", "GET").overlaps(channel("b", "/c/new", "GET"))).isFalse();
        assertThat(channel("a", "/c/{id}/", "GET").overlaps(channel("b", "/c/{x}", "GET"))).isTrue();
    }

    @Test
    void aTemplateSegmentIsALiteralOrAWholeParameter() {
        assertThatThrownBy(() -> channel("a", "/c/x{id}", null)).hasMessageContaining("segment 'x{id}'");
        assertThatThrownBy(() -> channel("a", "/c/{id}/{id}", null)).hasMessageContaining("twice");
        assertThatThrownBy(() -> channel("a", "/c/{1d}", null)).hasMessageContaining("{name}");
        assertThat(channel("a", "/c/{id}/", null).urlPath()).isEqualTo("/c/{id}");
    }

    @Test
    void rateLimitsAreCheckedAndDefaulted() {
        HttpChannel limited = bind(HttpChannel.KIND, "{'name': 'a', 'urlPath': '/a', 'service': 's', 'security': 'partner',"
                + " 'rateLimit': {'requests': 10, 'per': '1M'}}");
        assertThat(limited.rateLimit()).isEqualTo(new RateLimit(10, RateLimit.Window.MINUTE, RateLimit.CountedBy.CHANNEL));
        assertThat(limited.rateLimit().windowMillis()).isEqualTo(60_000);
        assertThatThrownBy(() -> bind(HttpChannel.KIND, "{'name': 'a', 'urlPath': '/a', 'service': 's',"
                + " 'rateLimit': {'requests': 0, 'per': '1s'}}")).hasMessage("rateLimit.requests must be greater than or equal to 1");
        assertThatThrownBy(() -> bind(HttpChannel.KIND, "{'name': 'a', 'urlPath': '/a', 'service': 's',"
                + " 'rateLimit': {'requests': 5, 'per': '2s'}}")).hasMessage("rateLimit.per must be one of 1s, 1m, 1h, not '2s'");
        assertThatThrownBy(() -> bind(HttpChannel.KIND, "{'name': 'a', 'urlPath': '/a', 'service': 's',"
                + " 'rateLimit': {'requests': 5, 'per': '1s', 'by': 'credential'}}"))
                .hasMessage("rateLimit.by credential needs the channel to have a security definition");
    }

    private static HttpChannel channel(String name, String path, String method) {
        return bind(HttpChannel.KIND, "{'name': '" + name + "', 'urlPath': '" + path + "', 'service': 'svc." + name + "'"
                + (method == null ? "" : ", 'method': '" + method + "'") + "}");
    }

    @Test
    void queryStringsAreParsedWithoutTouchingTheBody() {
        assertThat(ChannelServlet.query("a=1&b=x%20y&a=2&flag&=v")).isEqualTo(Map.of(
                "a", List.of("1", "2"), "b", List.of("x y"), "flag", List.of(""), "", List.of("v")));
        assertThat(ChannelServlet.query(null)).isEmpty();
    }
}
