package dev.acf.demo.install;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.network.AccessType;
import dev.acf.demo.network.SimulatedNetwork;
import dev.acf.demo.network.Subscriber;

/** Opens the account and order ({@code task=open}) and, once validated, activates the line and billing ({@code task=complete}). */
final class OrderManagementAgent implements AgentBehavior {
    static final String ID = "order-management";

    private final SimulatedNetwork network;

    OrderManagementAgent(SimulatedNetwork network) {
        this.network = network;
    }

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        if ("complete".equals(request.path("task").asText())) {
            return complete(request);
        }
        String subscriberId = network.inventory().nextSubscriberId();
        String orderId = network.inventory().openOrder();
        return Payload.reply(ID, "opened " + orderId + " for new account " + subscriberId)
                .put("orderId", orderId).put("subscriberId", subscriberId);
    }

    private JsonNode complete(JsonNode request) {
        String orderId = Payload.text(request, "orderId");
        JsonNode plan = request.path("plan");
        int mbps = plan.path("downMbps").asInt();
        network.connect(new Subscriber(Payload.text(plan, "subscriberId"), Payload.text(plan, "customerName"),
                Payload.text(plan, "address"), Payload.text(plan, "siteId"), AccessType.FIBER, Payload.text(plan, "portId"),
                Payload.text(plan, "ontSerial"), "Fibre " + mbps, mbps, plan.path("vlan").asInt(), false));
        network.inventory().setOrderStatus(orderId, "completed");
        return Payload.reply(ID, orderId + " completed, " + plan.path("subscriberId").asText() + " active and billed")
                .put("orderId", orderId).put("status", "completed");
    }
}
