package io.conduit.server.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.server.security.SecurityDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelRoutesTest {

    private final HttpChannel first = new HttpChannel("first", "/tutorial/first-service", "tutorial.get-client-details",
            null, "json", null, null, true);
    private final HttpChannel second = new HttpChannel("second", "/a/b", "x.y", "POST", "json", "partner", null, true);
    private final SecurityDefinition partner = new SecurityDefinition("partner", SecurityDefinition.Type.BASIC, "u",
            "p", null, "Conduit", null, true);
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
        HttpChannel valid = new HttpChannel("c", "/x", " svc ", "post", null, " ", null, true).validated();
        assertThat(valid.method()).isEqualTo("POST");
        assertThat(valid.dataFormat()).isEqualTo("json");
        assertThat(valid.security()).isNull();
        assertThat(valid.service()).isEqualTo("svc");

        assertThatThrownBy(() -> new HttpChannel("c", "x", "s", null, null, null, null, true).validated())
                .hasMessageStartingWith("urlPath must start with /");
        assertThatThrownBy(() -> new HttpChannel("c", "/conduit/ping", "s", null, null, null, null, true).validated())
                .hasMessageContaining("must not be under /conduit");
        assertThatThrownBy(() -> new HttpChannel("c", "/x", "s", "FETCH", null, null, null, true).validated())
                .hasMessageStartingWith("method must be one of");
        assertThatThrownBy(() -> new HttpChannel("c", "/x", "s", null, "xml", null, null, true).validated())
                .hasMessage("dataFormat must be json");
        assertThatThrownBy(() -> new HttpChannel("<b>", "/x", "s", null, null, null, null, true).validated())
                .hasMessageStartingWith("name must be");
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
        assertThatThrownBy(() -> channel("a", "/c/x{id}", null).validated()).hasMessageContaining("segment 'x{id}'");
        assertThatThrownBy(() -> channel("a", "/c/{id}/{id}", null).validated()).hasMessageContaining("twice");
        assertThatThrownBy(() -> channel("a", "/c/{1d}", null).validated()).hasMessageContaining("{name}");
        assertThat(channel("a", "/c/{id}/", null).validated().urlPath()).isEqualTo("/c/{id}");
    }

    @Test
    void rateLimitsAreCheckedAndDefaulted() {
        HttpChannel limited = new HttpChannel("a", "/a", "s", null, null, "partner", new RateLimit(10, "1M", null), true)
                .validated();
        assertThat(limited.rateLimit()).isEqualTo(new RateLimit(10, "1m", "channel"));
        assertThat(limited.rateLimit().windowMillis()).isEqualTo(60_000);
        assertThatThrownBy(() -> new HttpChannel("a", "/a", "s", null, null, null, new RateLimit(0, "1s", null), true)
                .validated()).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new HttpChannel("a", "/a", "s", null, null, null, new RateLimit(5, "2s", null), true)
                .validated()).hasMessageContaining("1s, 1m or 1h");
        assertThatThrownBy(() -> new HttpChannel("a", "/a", "s", null, null, null,
                new RateLimit(5, "1s", "credential"), true).validated()).hasMessageContaining("security definition");
    }

    private static HttpChannel channel(String name, String path, String method) {
        return new HttpChannel(name, path, "svc." + name, method, "json", null, null, true);
    }

    @Test
    void queryStringsAreParsedWithoutTouchingTheBody() {
        assertThat(ChannelServlet.query("a=1&b=x%20y&a=2&flag&=v")).isEqualTo(Map.of(
                "a", List.of("1", "2"), "b", List.of("x y"), "flag", List.of(""), "", List.of("v")));
        assertThat(ChannelServlet.query(null)).isEmpty();
    }
}
