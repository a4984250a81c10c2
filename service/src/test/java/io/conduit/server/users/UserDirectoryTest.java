package io.conduit.server.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.conduit.common.auth.BasicAuthFilter;
import io.conduit.server.ConfiguredKinds;
import io.conduit.server.config.Configuration;
import io.conduit.server.config.Secret;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who a password or a bearer token is, and what is said when it is nobody. */
class UserDirectoryTest {

    private RSAKey key;
    private HttpServer jwks;
    private UserDirectory users;

    @BeforeEach
    void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/jwks", exchange -> {
            byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        users = new UserDirectory("admin", new SingleSignOn("https://idp", "conduit",
                "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks", "groups"));
        users.reload(Configuration.empty(ConfiguredKinds.ALL)
                .with(User.KIND, User.settle(new User("ann", Secret.of("a long enough password"), "ann-sub",
                        List.of(new Grant(Role.DEVELOPER, "billing.*"))), null))
                .with(User.KIND, new User("finance", null, "group:finance", List.of(new Grant(Role.VIEWER, "*"))))
                .with(User.KIND, User.settle(new User("admin", Secret.of("a long enough password"), null,
                        List.of(new Grant(Role.VIEWER, "*"))), null)));
    }

    @AfterEach
    void stop() {
        jwks.stop(0);
    }

    @Test
    void aPasswordIsCheckedAgainstItsHashAndTheAdminsNameIsNeverAUser() {
        Caller ann = users.check("ann", "a long enough password");
        assertThat(ann.name()).isEqualTo("ann");
        assertThat(ann.may(Permission.CONFIGURE, "billing.invoice")).isTrue();
        assertThat(ann.may(Permission.CONFIGURE, "crm")).isFalse();
        assertThat(users.check("ann", "a long enough password")).as("again, from what the node remembers").isEqualTo(ann);
        assertThat(users.check("ann", "another password")).isNull();
        assertThat(users.check("finance", "")).as("a user without a password").isNull();
        assertThat(users.check("admin", "a long enough password")).as("the cluster's admin's name").isNull();
    }

    @Test
    void aTokenIsTheUserOfItsSubjectAndOfItsGroups() throws Exception {
        BasicAuthFilter.Bearer both = users.checkBearer(token(claims("ann-sub").claim("groups", List.of("finance"))));
        Caller caller = (Caller) both.principal();
        assertThat(both.name()).isEqualTo("ann");
        assertThat(caller.grants()).extracting(Grant::role).containsExactlyInAnyOrder(Role.DEVELOPER, Role.VIEWER);
        BasicAuthFilter.Bearer group = users.checkBearer(token(claims("bob-sub").claim("preferred_username", "bob")
                .claim("groups", List.of("finance", "sales"))));
        assertThat(group.name()).isEqualTo("bob");
        assertThat(((Caller) group.principal()).grants()).extracting(Grant::role).containsExactly(Role.VIEWER);
    }

    @Test
    void eachWrongTokenIsRefusedSayingWhy() throws Exception {
        assertRefused(token(claims("ann-sub").expirationTime(new Date(System.currentTimeMillis() - 120_000))), "xpired");
        assertRefused(token(claims("ann-sub").audience("billing")), "audience");
        assertRefused(token(claims("ann-sub").issuer("https://elsewhere")), "issuer");
        assertRefused(token(claims("nobody-sub").claim("groups", List.of("sales"))), "no user of the cluster has"
                + " the oidcSubject 'nobody-sub' or one of its groups (group:sales)");
        RSAKey other = new RSAKeyGenerator(2048).keyID("k1").generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").type(JOSEObjectType.JWT)
                .build(), claims("ann-sub").build());
        forged.sign(new RSASSASigner(other));
        assertRefused(forged.serialize(), "refused");
        assertThat(new UserDirectory("admin", null).checkBearer("anything")).as("single sign-on off").isNull();
    }

    private void assertRefused(String token, String why) {
        assertThatThrownBy(() -> users.checkBearer(token)).isInstanceOf(BasicAuthFilter.RefusedTokenException.class)
                .hasMessageContaining(why);
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        return new JWTClaimsSet.Builder().subject(subject).issuer("https://idp").audience("conduit")
                .expirationTime(new Date(System.currentTimeMillis() + 60_000));
    }

    private String token(JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").type(JOSEObjectType.JWT)
                .build(), claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
