package dev.acf.gateway.redact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.FilterChain;
import dev.acf.api.gateway.HttpHeaders;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.security.AgentClassification;
import dev.acf.api.security.CallerIdentity;
import dev.acf.api.security.ClassificationLevel;
import dev.acf.gateway.ExchangeAttributes;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A call to a skill classified above the caller's clearance is refused, whichever way the call names the skill. */
class SkillClassificationTest {
    static final AgentName CRM = AgentName.parse("ans://v1.0.0.crm.ops.example.net");
    static final CallerIdentity NOC = new CallerIdentity("ans://v1.0.0.noc.ops.example.net", AgentName.parse("ans://v1.0.0.noc.ops.example.net"),
            Domain.of("ops.example.net"), Set.of(), ClassificationLevel.INTERNAL);

    static final FilterChain CHAIN = FilterChain.of(List.of(RedactionFilter.builder(Redactor.builder().discover(false).build())
                    .classifications(name -> AgentClassification.of(ClassificationLevel.INTERNAL)
                            .withSkill("subscriber-export", ClassificationLevel.CONFIDENTIAL))
                    .build()),
            ex -> new Exchange.Response(200, HttpHeaders.of("content-type", "application/json"), Body.of("{\"result\":{}}")));

    static Exchange call(String body) {
        return Exchange.of("req-1", new Exchange.Request("POST", "/agents/crm.ops.example.net", HttpHeaders.of("content-type", "application/json"),
                        Body.of(body)))
                .withAttribute(ExchangeAttributes.TARGET, CRM)
                .withCaller(NOC);
    }

    static String message(String skillMetadata) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"SendMessage\",\"params\":{\"message\":{\"messageId\":\"m-1\",\"role\":\"ROLE_USER\","
                + "\"metadata\":" + skillMetadata + ",\"parts\":[{\"text\":\"export the subscribers of cell 7\"}]}}}";
    }

    @Test
    void aSkillClassifiedAboveTheClearanceIsRefusedAndAnotherSkillOfTheAgentIsNot() {
        Exchange.Response refused = CHAIN.proceed(call(message("{\"skillId\":\"subscriber-export\"}")));
        Exchange.Response allowed = CHAIN.proceed(call(message("{\"skill\":\"line-test\"}")));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.headers().first("acf-denied-rule")).contains("classification.skill");
        assertThat(allowed.status()).isEqualTo(200);
    }

    @Test
    void theSkillTheValidatedCallNamedIsTakenFromItsAttribute() {
        // The gateway's JSON-RPC validation scanned the body once and set the method and the skill.
        Exchange validated = call("{}").withAttribute(ExchangeAttributes.A2A_METHOD, "SendMessage")
                .withAttribute(ExchangeAttributes.SKILL, "subscriber-export");

        assertThat(CHAIN.proceed(validated).status()).isEqualTo(403);
        assertThat(CHAIN.proceed(call("{}").withAttribute(ExchangeAttributes.A2A_METHOD, "SendMessage")).status())
                .as("a validated call that names no skill is decided at the agent's level").isEqualTo(200);
    }
}
