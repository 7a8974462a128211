package dev.acf.demo.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.api.audit.AuditEvent;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who called whom, as the gateway saw it: built from its audit events, one node per party
 * (labelled by the first label of its ANS name) and one edge per caller and callee with the
 * number of calls, failures and latencies. Renders as Graphviz DOT and as JSON. Immutable.
 *
 * <pre>{@code
 * InteractionGraph graph = InteractionGraph.of(run.audit());
 * Files.writeString(out.resolve("graph.dot"), graph.toDot());   // dot -Tsvg graph.dot > graph.svg
 * }</pre>
 *
 * @param nodes the parties, in order of first appearance
 * @param edges the caller-callee pairs, in order of first call
 */
public record InteractionGraph(List<Node> nodes, List<Edge> edges) {
    /** Validates and copies the components. */
    public InteractionGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /**
     * One party.
     *
     * @param id its label in the graph, such as {@code root-cause} or {@code desk}
     * @param name its ANS name as the gateway recorded it
     */
    public record Node(String id, String name) {}

    /**
     * The calls from one party to another.
     *
     * @param from the caller's id
     * @param to the callee's id
     * @param calls how many calls
     * @param failed how many of them did not succeed (status other than 200)
     * @param totalLatencyMicros the gateway-measured latencies, added up
     * @param maxLatencyMicros the slowest call's latency
     */
    public record Edge(String from, String to, int calls, int failed, long totalLatencyMicros, long maxLatencyMicros) {}

    /** Builds the graph of these audit events; events without a caller or callee (catalogue reads) are left out. */
    public static InteractionGraph of(List<AuditEvent> events) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        Map<String, Edge> edges = new LinkedHashMap<>();
        for (AuditEvent event : events) {
            if (event.source() == null || event.destination() == null) {
                continue;
            }
            String from = label(event.source());
            String to = label(event.destination());
            nodes.putIfAbsent(from, new Node(from, event.source()));
            nodes.putIfAbsent(to, new Node(to, event.destination()));
            boolean ok = event.status() == 200;
            edges.merge(from + "\n" + to, new Edge(from, to, 1, ok ? 0 : 1, event.latencyMicros(), event.latencyMicros()),
                    (a, b) -> new Edge(a.from(), a.to(), a.calls() + 1, a.failed() + b.failed(),
                            a.totalLatencyMicros() + b.totalLatencyMicros(), Math.max(a.maxLatencyMicros(), b.maxLatencyMicros())));
        }
        return new InteractionGraph(new ArrayList<>(nodes.values()), new ArrayList<>(edges.values()));
    }

    /** Returns the label of an ANS name: the first label of its host name ({@code desk}, {@code root-cause}). */
    public static String label(String ansName) {
        Objects.requireNonNull(ansName, "ansName");
        if (!AgentName.isValid(ansName)) {
            return ansName;
        }
        String fqdn = AgentName.parse(ansName).fqdn();
        int dot = fqdn.indexOf('.');
        return dot < 0 ? fqdn : fqdn.substring(0, dot);
    }

    /** Returns the edge from one party to another, if there were calls. */
    public @Nullable Edge edge(String from, String to) {
        return edges.stream().filter(e -> e.from().equals(from) && e.to().equals(to)).findFirst().orElse(null);
    }

    /** Renders the graph in Graphviz DOT: {@code dot -Tsvg graph.dot > graph.svg}. */
    public String toDot() {
        StringBuilder dot = new StringBuilder("digraph acf_demo {\n")
                .append("  rankdir=LR;\n")
                .append("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n")
                .append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
        for (Node node : nodes) {
            dot.append("  ").append(quote(node.id())).append(" [tooltip=").append(quote(node.name())).append("];\n");
        }
        for (Edge edge : edges) {
            dot.append("  ").append(quote(edge.from())).append(" -> ").append(quote(edge.to()))
                    .append(" [label=").append(quote(describe(edge))).append(edge.failed() > 0 ? ", color=red" : "")
                    .append("];\n");
        }
        return dot.append("}\n").toString();
    }

    /** Renders the graph as pretty-printed JSON: {@code {"nodes":[{"id","name"}],"edges":[{"from","to","calls",...}]}}. */
    public String toJson() {
        ObjectNode root = AcfJson.mapper().createObjectNode();
        ArrayNode nodeArray = root.putArray("nodes");
        nodes.forEach(node -> nodeArray.addObject().put("id", node.id()).put("name", node.name()));
        ArrayNode edgeArray = root.putArray("edges");
        edges.forEach(edge -> edgeArray.addObject().put("from", edge.from()).put("to", edge.to()).put("calls", edge.calls())
                .put("failed", edge.failed()).put("totalLatencyMicros", edge.totalLatencyMicros())
                .put("maxLatencyMicros", edge.maxLatencyMicros()));
        try {
            return AcfJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written: " + e.getMessage(), e);
        }
    }

    private static String describe(Edge edge) {
        return String.format(Locale.ROOT, "%d call%s, %s%.1f ms", edge.calls(), edge.calls() == 1 ? "" : "s",
                edge.calls() == 1 ? "" : "avg ", edge.totalLatencyMicros() / 1000.0 / edge.calls()) + (edge.failed() > 0 ? ", " + edge.failed() + " failed" : "");
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
