package io.conduit.server.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.server.security.SecurityDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelRoutesTest {

    private final HttpChannel first = new HttpChannel("first", "/tutorial/first-service", "tutorial.get-client-details",
            null, "json", null, true);
    private final HttpChannel second = new HttpChannel("second", "/a/b", "x.y", "POST", "json", "partner", true);
    private final SecurityDefinition partner = new SecurityDefinition("partner", SecurityDefinition.Type.BASIC, "u",
            "p", null, "Conduit", true);
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
        HttpChannel valid = new HttpChannel("c", "/x", " svc ", "post", null, " ", true).validated();
        assertThat(valid.method()).isEqualTo("POST");
        assertThat(valid.dataFormat()).isEqualTo("json");
        assertThat(valid.security()).isNull();
        assertThat(valid.service()).isEqualTo("svc");

        assertThatThrownBy(() -> new HttpChannel("c", "x", "s", null, null, null, true).validated())
                .hasMessageStartingWith("urlPath must start with /");
        assertThatThrownBy(() -> new HttpChannel("c", "/conduit/ping", "s", null, null, null, true).validated())
                .hasMessageContaining("must not be under /conduit");
        assertThatThrownBy(() -> new HttpChannel("c", "/x", "s", "FETCH", null, null, true).validated())
                .hasMessageStartingWith("method must be one of");
        assertThatThrownBy(() -> new HttpChannel("c", "/x", "s", null, "xml", null, true).validated())
                .hasMessage("dataFormat must be json");
        assertThatThrownBy(() -> new HttpChannel("<b>", "/x", "s", null, null, null, true).validated())
                .hasMessageStartingWith("name must be");
    }

    @Test
    void queryStringsAreParsedWithoutTouchingTheBody() {
        assertThat(ChannelServlet.query("a=1&b=x%20y&a=2&flag&=v")).isEqualTo(Map.of(
                "a", List.of("1", "2"), "b", List.of("x y"), "flag", List.of(""), "", List.of("v")));
        assertThat(ChannelServlet.query(null)).isEmpty();
    }
}
