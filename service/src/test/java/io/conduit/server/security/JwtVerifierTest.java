package io.conduit.server.security;

import static io.conduit.server.config.TestConfig.bind;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.conduit.server.security.CredentialCheck.Outcome;
import io.conduit.server.security.CredentialCheck.Result;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {

    private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!";
    private final JwtVerifier hs256 = new JwtVerifier((SecurityDefinition.Jwt) bind(SecurityDefinition.KIND, "{'name': 'api',"
            + " 'type': 'jwt', 'issuer': 'https://issuer', 'audience': 'customers', 'secret': '" + SECRET + "',"
            + " 'clockSkew': '30s'}"));

    @Test
    void aGoodTokenGivesItsSubjectAndClaims() throws Exception {
        Result result = hs256.verify("Bearer " + token(new MACSigner(SECRET), null, claims().build()));
        assertThat(result.outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(result.principal().name()).isEqualTo("alice");
        assertThat(result.principal().scheme()).isEqualTo("jwt");
        assertThat(result.principal().claim("scope")).isEqualTo("read");
    }

    @Test
    void eachWayATokenIsWrongHasItsAnswer() throws Exception {
        assertThat(hs256.verify(null).outcome()).isEqualTo(Outcome.MISSING);
        assertThat(hs256.verify("Basic abc").outcome()).isEqualTo(Outcome.MISSING);
        assertThat(hs256.verify("Bearer not.a.jwt").outcome()).isEqualTo(Outcome.REJECTED);
        MACSigner other = new MACSigner("another-secret-of-thirty-two-bytes-or-more");
        assertThat(hs256.verify("Bearer " + token(other, null, claims().build())).outcome()).isEqualTo(Outcome.REJECTED);
        long now = System.currentTimeMillis();
        Result expired = hs256.verify("Bearer " + token(new MACSigner(SECRET), null,
                claims().expirationTime(new Date(now - 31_000)).build()));
        assertThat(expired.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(expired.reason()).contains("Expired");
        assertThat(hs256.verify("Bearer " + token(new MACSigner(SECRET), null,
                claims().expirationTime(new Date(now - 20_000)).build())).outcome()).as("within the skew")
                .isEqualTo(Outcome.ALLOWED);
        assertThat(hs256.verify("Bearer " + token(new MACSigner(SECRET), null,
                claims().notBeforeTime(new Date(now + 60_000)).build())).outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(hs256.verify("Bearer " + token(new MACSigner(SECRET), null,
                claims().issuer("https://elsewhere").build())).outcome()).isEqualTo(Outcome.DENIED);
        assertThat(hs256.verify("Bearer " + token(new MACSigner(SECRET), null,
                claims().audience("billing").build())).outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void keysComeFromTheJwksUrlAndARotatedKeyIsFetched() throws Exception {
        RSAKey first = new RSAKeyGenerator(2048).keyID("k1").generate();
        RSAKey second = new RSAKeyGenerator(2048).keyID("k2").generate();
        AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet(first.toPublicJWK()));
        HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/jwks.json", exchange -> {
            byte[] body = published.get().toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        try {
            JwtVerifier verifier = new JwtVerifier((SecurityDefinition.Jwt) bind(SecurityDefinition.KIND, "{'name': 'api',"
                    + " 'type': 'jwt', 'issuer': 'https://issuer', 'audience': 'customers', 'jwksUrl': 'http://127.0.0.1:"
                    + jwks.getAddress().getPort() + "/jwks.json'}"));
            assertThat(verifier.verify("Bearer " + token(new RSASSASigner(first), "k1", claims().build())).outcome())
                    .isEqualTo(Outcome.ALLOWED);
            published.set(new JWKSet(second.toPublicJWK()));
            String rotated = "Bearer " + token(new RSASSASigner(second), "k2", claims().build());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            Outcome outcome = verifier.verify(rotated).outcome();
            while (outcome != Outcome.ALLOWED && System.nanoTime() < deadline) {
                outcome = verifier.verify(rotated).outcome();
            }
            assertThat(outcome).as("a token signed with the new key, once the key set is fetched again")
                    .isEqualTo(Outcome.ALLOWED);
            assertThat(verifier.verify("Bearer " + token(new MACSigner(SECRET), null, claims().build())).outcome())
                    .as("HS256 where RS256 is expected").isEqualTo(Outcome.REJECTED);
        } finally {
            jwks.stop(0);
        }
        JwtVerifier down = new JwtVerifier((SecurityDefinition.Jwt) bind(SecurityDefinition.KIND, "{'name': 'api',"
                + " 'type': 'jwt', 'issuer': 'https://issuer', 'audience': 'customers',"
                + " 'jwksUrl': 'http://127.0.0.1:1/jwks.json'}"));
        RSAKey key = new RSAKeyGenerator(2048).keyID("k3").generate();
        assertThat(down.verify("Bearer " + token(new RSASSASigner(key), "k3", claims().build())).outcome())
                .isEqualTo(Outcome.UNAVAILABLE);
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().subject("alice").issuer("https://issuer").audience("customers")
                .expirationTime(new Date(System.currentTimeMillis() + 60_000)).claim("scope", "read");
    }

    private static String token(JWSSigner signer, String keyId, JWTClaimsSet claims) throws Exception {
        JWSAlgorithm alg = signer instanceof MACSigner ? JWSAlgorithm.HS256 : JWSAlgorithm.RS256;
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(keyId).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }
}
