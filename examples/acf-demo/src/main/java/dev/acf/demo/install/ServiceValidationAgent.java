package dev.acf.demo.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;

/**
 * Phase 4: verifies an installation against its plan by asking each configuration agent (by
 * name, as the master control agent reports who configured what) for its configuration and
 * status, and lists every difference as a finding.
 */
final class ServiceValidationAgent implements AgentBehavior {
    static final String ID = "service-validation";

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        String orderId = Payload.text(request, "orderId");
        JsonNode expected = request.path("plan").path("domains");
        ArrayNode findings = Payload.object().arrayNode();
        int checks = 0;
        for (var domain : expected.properties()) {
            String agent = request.path("configuredBy").path(domain.getKey()).asText();
            JsonNode report = peers.callByName(agent, Payload.object().put("task", "report").put("orderId", orderId));
            for (var item : domain.getValue().properties()) {
                checks++;
                String actual = report.path("config").path(item.getKey()).asText("(missing)");
                if (!actual.equals(item.getValue().asText())) {
                    findings.add(Payload.object().put("domain", domain.getKey()).put("agent", agent).put("item", item.getKey())
                            .put("expected", item.getValue().asText()).put("actual", actual));
                }
            }
            if (report.has("status")) {
                checks++;
                if (!report.path("status").path("ontRegistered").asBoolean()) {
                    findings.add(Payload.object().put("domain", domain.getKey()).put("agent", agent).put("item", "ontRegistered")
                            .put("expected", "true").put("actual", "false"));
                }
            }
        }
        boolean passed = findings.isEmpty();
        peers.trace().step(ID, checks + " checks, " + (passed ? "all as ordered" : findings.size() + " finding(s): " + findings));
        ObjectNode answer = Payload.reply(ID, (passed ? "PASSED " : "FAILED ") + checks + " checks");
        answer.put("passed", passed).put("checks", checks);
        answer.set("findings", findings);
        return answer;
    }
}
