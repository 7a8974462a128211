package dev.acf.ans.graph;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The interaction graph over a window (ANS-MON-1): what {@code GET /v1/graph} answers, as JSON
 * (this record's fields) or as Graphviz DOT ({@link #toDot()}).
 *
 * @param window the window as an ISO-8601 duration, such as {@code PT5M}
 * @param from the window's start
 * @param to the window's end (now)
 * @param nodes every caller and callee of the edges, by name
 * @param edges the edges with calls or anomalies in the window, by caller then callee
 */
public record GraphSnapshot(String window, Instant from, Instant to, List<GraphNode> nodes, List<GraphEdge> edges) {

    /** Copies the lists. */
    public GraphSnapshot {
        Objects.requireNonNull(window, "window");
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /**
     * Returns the graph as a Graphviz digraph: one node per agent (label: agent label, status when
     * not active), one edge per caller and callee (label: calls, errors, p99); edges no grant
     * allows are dashed, edges with anomalies red.
     */
    public String toDot() {
        StringBuilder dot = new StringBuilder("digraph acf {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n");
        dot.append("  label=").append(quote("ACF interactions " + from + " - " + to + " (" + window + ")")).append(";\n");
        for (GraphNode n : nodes) {
            String label = shortName(n.name()) + (n.status().equals("ACTIVE") ? "" : "\n" + n.status());
            dot.append("  ").append(quote(n.name())).append(" [label=").append(quote(label));
            if (!n.status().equals("ACTIVE")) {
                dot.append(", color=").append(n.status().equals("UNKNOWN") ? "gray" : "orange");
            }
            dot.append("];\n");
        }
        for (GraphEdge e : edges) {
            String label = e.calls() + " calls" + (e.errors() > 0 ? ", " + e.errors() + " errors" : "")
                    + (e.calls() > 0 ? String.format(Locale.ROOT, "\np99 %.1f ms", e.p99Ms()) : "")
                    + (e.anomalies().isEmpty() ? "" : "\n" + e.anomalies().size() + " anomalies");
            dot.append("  ").append(quote(e.caller())).append(" -> ").append(quote(e.callee())).append(" [label=").append(quote(label));
            if (!e.granted()) {
                dot.append(", style=dashed");
            }
            if (!e.anomalies().isEmpty()) {
                dot.append(", color=red, fontcolor=red");
            }
            dot.append("];\n");
        }
        return dot.append("}\n").toString();
    }

    /** The agent label of an ANS name ({@code ans://v1.0.0.rca.ops.example.net}: {@code rca}), else the subject. */
    private static String shortName(String name) {
        int scheme = name.indexOf("://");
        if (scheme < 0) {
            return name;
        }
        String rest = name.substring(scheme + 3);
        String[] labels = rest.split("\\.");
        // A versioned name starts with v<major>.<minor>.<patch>: the agent label follows.
        int at = labels.length > 3 && labels[0].matches("v\\d+") ? 3 : 0;
        return labels.length > at ? labels[at] : name;
    }

    /** A DOT double-quoted string: backslashes and quotes escaped, new lines as {@code \n}. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> { }
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
