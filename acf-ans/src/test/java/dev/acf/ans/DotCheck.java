package dev.acf.ans;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A strict reader of the DOT subset the graph writes (a digraph of node, edge and graph
 * attribute statements with double-quoted or plain ids), failing on anything malformed, and a
 * check with Graphviz's {@code dot} when it is installed.
 */
final class DotCheck {
    /** The parsed digraph: node ids, and edges as [from, to]. */
    record Digraph(Set<String> nodes, List<List<String>> edges) {}

    private final String text;
    private int at;

    private DotCheck(String text) {
        this.text = text;
    }

    static Digraph parse(String dot) {
        return new DotCheck(dot).digraph();
    }

    /**
     * Renders with {@code dot -Tsvg}, or skips when Graphviz is not installed (fails instead
     * with {@code CI=true}, where {@code .ci/run} installs it).
     */
    static void withGraphviz(String dot) throws Exception {
        Path program = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "dot");
            if (Files.isExecutable(candidate)) {
                program = candidate;
                break;
            }
        }
        String missing = "Graphviz 'dot' is not installed: the DOT was checked by the built-in reader only";
        if (program == null && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(missing + " (CI=true: .ci/run installs the graphviz package)");
        }
        Assumptions.assumeTrue(program != null, missing);
        Process p = new ProcessBuilder(program.toString(), "-Tsvg").redirectErrorStream(true).start();
        p.getOutputStream().write(dot.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private Digraph digraph() {
        Set<String> nodes = new LinkedHashSet<>();
        List<List<String>> edges = new ArrayList<>();
        expectWord("digraph");
        id();
        expect('{');
        while (true) {
            skipSpace();
            if (peek() == '}') {
                at++;
                break;
            }
            String first = id();
            skipSpace();
            if (text.startsWith("->", at)) {
                at += 2;
                String second = id();
                edges.add(List.of(first, second));
                attributes();
            } else if (peek() == '=') {
                at++;
                id();
            } else {
                if (!first.equals("node") && !first.equals("edge") && !first.equals("graph")) {
                    nodes.add(first);
                }
                attributes();
            }
            expect(';');
        }
        skipSpace();
        if (at != text.length()) {
            throw new IllegalArgumentException("text after the closing brace at " + at);
        }
        return new Digraph(nodes, edges);
    }

    private void attributes() {
        skipSpace();
        if (peek() != '[') {
            return;
        }
        at++;
        while (true) {
            id();
            expect('=');
            id();
            skipSpace();
            char c = next();
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw new IllegalArgumentException("expected , or ] at " + (at - 1) + " but was " + c);
            }
        }
    }

    private String id() {
        skipSpace();
        if (peek() == '"') {
            at++;
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\n') {
                    throw new IllegalArgumentException("raw new line in a quoted id at " + at);
                }
                if (c == '\\') {
                    char escaped = next();
                    out.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    out.append(c);
                }
            }
        }
        int start = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_' || text.charAt(at) == '.')) {
            at++;
        }
        if (start == at) {
            throw new IllegalArgumentException("expected an id at " + at + ": " + text.substring(at, Math.min(text.length(), at + 20)));
        }
        return text.substring(start, at);
    }

    private void expectWord(String word) {
        skipSpace();
        if (!text.startsWith(word, at)) {
            throw new IllegalArgumentException("expected " + word + " at " + at);
        }
        at += word.length();
    }

    private void expect(char c) {
        skipSpace();
        if (next() != c) {
            throw new IllegalArgumentException("expected " + c + " at " + (at - 1));
        }
    }

    private char peek() {
        if (at >= text.length()) {
            throw new IllegalArgumentException("unexpected end of the DOT text");
        }
        return text.charAt(at);
    }

    private char next() {
        char c = peek();
        at++;
        return c;
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }
}
