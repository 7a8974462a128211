package dev.acf.ans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.ans.auth.BootstrapTokens;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code REVIEWED} bootstrap token holds its registrations for an administrator even where others are certified at once (ANS-REG-4). */
class ReviewedBootstrapTokenTest {
    static final String ADMIN = "reviewed-test-admin-token-0123456789";
    static final String OWN = "reviewed-test-own-fleet-0001";
    static final String PARTNER = "reviewed-test-partner-0001";

    @TempDir
    Path data;

    @Test
    void registrationWithAReviewedTokenWaitsWhileAnOrdinaryOneIsCertifiedAtOnce() {
        try (AnsServer ans = AnsServer.builder().domain("ops.example.net").dataDirectory(data).adminToken(ADMIN)
                .bootstrapToken(OWN, BootstrapTokens.Use.REUSABLE).bootstrapToken(PARTNER, BootstrapTokens.Use.REVIEWED)
                .semanticResolution(false).build().start()) {
            AnsHttp http = new AnsHttp(ans.baseUri());

            AnsHttp.Answer own = http.post("/v1/agents", OWN, AnsServerTest.registration("ans://v1.0.0.own.ops.example.net", TestCsr.ecKey()));
            AnsHttp.Answer partner = http.post("/v1/agents", PARTNER,
                    AnsServerTest.registration("ans://v1.0.0.partner.ops.example.net", TestCsr.ecKey()));
            AnsHttp.Answer again = http.post("/v1/agents", PARTNER,
                    AnsServerTest.registration("ans://v1.0.0.partner2.ops.example.net", TestCsr.ecKey()));

            assertThat(own.status()).isEqualTo(201);
            assertThat(partner.status()).isEqualTo(202);
            assertThat(again.status()).as("a reviewed token is reusable").isEqualTo(202);
            String id = partner.json().path("requestId").asText();
            assertThat(http.post("/v1/admin/requests/" + id + "/approval", ADMIN, "").status()).isEqualTo(200);
            assertThat(http.get("/v1/agents/v1.0.0.partner.ops.example.net").json().path("agent").path("status").asText()).isEqualTo("ACTIVE");
        }
    }
}
