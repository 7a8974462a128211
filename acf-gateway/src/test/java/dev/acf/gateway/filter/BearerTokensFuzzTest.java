package dev.acf.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.acf.api.error.AuthenticationException;
import dev.acf.api.security.CallerIdentity;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Fuzzes bearer-token verification (REL-5): any {@code Authorization: Bearer} value either
 * verifies as a non-agent caller or fails with {@link AuthenticationException}
 * ({@code unauthenticated}). The seeds are ES256 tokens signed with the key whose public half is
 * {@code bearer-key.pem}, so fuzzing starts past the signature check.
 */
class BearerTokensFuzzTest {
    private static final BearerTokens TOKENS = BearerTokens.builder()
            .publicKey(resource("bearer-key.pem"))
            .issuer("https://idp.example.net/")
            .audience("acf-gateway")
            .build();

    @FuzzTest
    void tokensVerifyAsNonAgentCallersOrFailUnauthenticated(byte[] input) {
        String token = new String(input, StandardCharsets.UTF_8);
        CallerIdentity caller;
        try {
            caller = TOKENS.verify(token);
        } catch (AuthenticationException e) {
            assertThat(e.httpStatus()).isEqualTo(401);
            return;
        }
        assertThat(caller.roles()).contains(BearerTokens.NON_AGENT_ROLE);
    }

    private static Path resource(String name) {
        try {
            return Path.of(Objects.requireNonNull(BearerTokensFuzzTest.class.getResource(name), name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
