package dev.acf.demo.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.network.SimulatedNetwork;

/** Phase 6: the personal intelligent assistant surveys the new customer and books the engineer's follow-up review. */
final class InstallAssistantAgent implements AgentBehavior {
    static final String ID = "personal-assistant";

    private final SimulatedNetwork network;

    InstallAssistantAgent(SimulatedNetwork network) {
        this.network = network;
    }

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        String subscriberId = Payload.text(request, "subscriberId");
        boolean working = request.path("validationPassed").asBoolean();
        int rounds = request.path("validationRounds").asInt(1);
        int score = !working ? 2 : (rounds == 1 ? 5 : 4) - (network.noise("survey:" + subscriberId) < 0.2 ? 1 : 0);
        String comment = !working ? "The line still does not work." : rounds == 1 ? "Smooth installation, on time."
                : "Worked in the end, a setting had to be fixed after the visit.";
        peers.trace().step(ID, subscriberId + " rated the installation " + score + "/5: \"" + comment + "\"");
        JsonNode review = peers.call(InstallIntents.BOOK_REVIEW, Payload.object().put("task", "review").put("subscriberId", subscriberId));
        ObjectNode answer = Payload.reply(ID, "satisfaction " + score + "/5, follow-up review " + review.path("when").asText());
        answer.put("satisfaction", score).put("comment", comment);
        answer.set("followUp", review);
        return answer;
    }
}
