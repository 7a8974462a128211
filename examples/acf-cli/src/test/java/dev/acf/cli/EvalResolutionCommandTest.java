package dev.acf.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class EvalResolutionCommandTest {
    private static final String AGENTS = """
            [
              {"id": "home-broadband", "name": "Home Broadband Agent", "provider": "access-team", "domain": "access.example.net",
               "description": "Diagnoses and repairs home fibre broadband connections that drop or run slow.",
               "skills": [{"id": "line-diagnose", "name": "Line diagnosis", "description": "Finds why a home broadband line drops.",
                           "tags": ["broadband"], "examples": ["My internet keeps disconnecting"]}],
               "tags": ["broadband", "home"]},
              {"id": "bill-inquiry", "name": "Bill Inquiry Agent", "provider": "bss-team", "domain": "bss.example.net",
               "description": "Explains mobile phone bills and charges.",
               "skills": [{"id": "bill-explain", "name": "Bill explanation", "description": "Explains each charge on a bill.",
                           "tags": ["billing"], "examples": ["Why is my bill so high?"]}],
               "tags": ["billing"]}
            ]
            """;
    private static final String QUERIES = """
            {"id": "q1", "query": "my fibre internet at home keeps dropping", "relevant": ["home-broadband"], "kind": "single"}
            {"id": "q2", "query": "why was I charged so much on my phone bill", "relevant": ["bill-inquiry"], "kind": "single"}
            """;

    @Test
    void printsTheFiguresAsOneJsonObjectOnTheLastLine(@TempDir Path dir) throws Exception {
        Path agents = Files.writeString(dir.resolve("agents.json"), AGENTS);
        Path queries = Files.writeString(dir.resolve("queries.jsonl"), QUERIES);
        Run run = evalResolution("--agents", agents.toString(), "--queries", queries.toString(), "--mode", "lexical", "--k", "3", "--warm-up", "0");

        assertThat(run.status()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        JsonNode figures = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(figures.get("queries").asInt()).isEqualTo(2);
        assertThat(figures.get("recall@1").asDouble()).isEqualTo(1.0);
        assertThat(figures.get("mrr").asDouble()).isEqualTo(1.0);
        assertThat(figures.has("recall@3") && figures.has("recall@5") && figures.has("p50_ms") && figures.has("p99_ms")).isTrue();
        assertThat(run.err()).contains("indexing 2 agents", "evaluated 2/2 queries");
    }

    @Test
    void detailsGiveTheFiguresOfEachKindAndTheQueriesThatMissed(@TempDir Path dir) throws Exception {
        Path agents = Files.writeString(dir.resolve("agents.json"), AGENTS);
        // q3 is labelled with the billing agent though it asks for broadband: it must be listed as a miss.
        Path queries = Files.writeString(dir.resolve("queries.jsonl"), QUERIES
                + "{\"id\": \"q3\", \"query\": \"fibre line keeps disconnecting\", \"relevant\": [\"bill-inquiry\"], \"kind\": \"typo\"}\n");
        Run run = evalResolution("--agents", agents.toString(), "--queries", queries.toString(), "--mode", "lexical", "--details", "--k", "1",
                "--warm-up", "1");

        assertThat(run.status()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("single\\s+2\\s+1\\.000\\s+1\\.000\\s+1\\.000\\s+1\\.000"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("typo ").contains(" 1 "));
        assertThat(run.out()).contains("missing a relevant agent in the top 3: 1 of 3", "q3 [typo] fibre line keeps disconnecting",
                "relevant [bill-inquiry]; returned [home-broadband");
        JsonNode figures = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(figures.get("queries").asInt()).isEqualTo(3);
        assertThat(run.err()).containsPattern("warmed up: \\d+ unmeasured pass(es)? in ");
    }

    @Test
    void anExtendedGlossaryIsMeasuredBeforeAnAnsUsesIt(@TempDir Path dir) throws Exception {
        Path agents = Files.writeString(dir.resolve("agents.json"), AGENTS);
        // A word no built-in list knows: only the extended glossary ties it to the billing agent's text.
        Path queries = Files.writeString(dir.resolve("queries.jsonl"),
                "{\"id\": \"q1\", \"query\": \"蓝莓账\", \"relevant\": [\"bill-inquiry\"], \"kind\": \"other-language\"}\n");
        Path glossary = Files.writeString(dir.resolve("glossary.tsv"), "蓝莓账\tbill; charges\n");

        Run builtIn = evalResolution("--agents", agents.toString(), "--queries", queries.toString(), "--mode", "lexical", "--warm-up", "0");
        Run extended = evalResolution("--agents", agents.toString(), "--queries", queries.toString(), "--mode", "lexical", "--warm-up", "0",
                "--glossary", glossary.toString());

        assertThat(lastJson(builtIn).get("recall@1").asDouble()).as(builtIn.err()).isZero();
        assertThat(lastJson(extended).get("recall@1").asDouble()).as(extended.err()).isEqualTo(1.0);
    }

    @Test
    void labelsNamingAgentsTheCatalogueLacksAreReported(@TempDir Path dir) throws Exception {
        Path agents = Files.writeString(dir.resolve("agents.json"), AGENTS);
        Path queries = Files.writeString(dir.resolve("queries.jsonl"), QUERIES
                + "{\"id\": \"q3\", \"query\": \"fibre\", \"relevant\": [\"home-broadbnd\"], \"kind\": \"single\"}\n");
        Run run = evalResolution("--agents", agents.toString(), "--queries", queries.toString(), "--mode", "lexical", "--warm-up", "0");

        assertThat(run.status()).isZero();
        assertThat(run.err()).contains("warning: query q3 names the agent 'home-broadbnd', which the catalogue lacks");
    }

    @Test
    void aMalformedQueryLineIsNamedByItsNumber(@TempDir Path dir) throws Exception {
        Path agents = Files.writeString(dir.resolve("agents.json"), AGENTS);
        Path queries = Files.writeString(dir.resolve("queries.jsonl"), QUERIES + "{\"id\": \"q3\", \"query\": \n");
        Run run = evalResolution("--agents", agents.toString(), "--queries", queries.toString(), "--mode", "lexical");

        assertThat(run.status()).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(run.err()).contains("error: ", "queries.jsonl, line 3: ").doesNotContain("\tat ");
    }

    @Test
    void aMissingFileIsAnErrorWithoutAStackTrace(@TempDir Path dir) throws Exception {
        Path queries = Files.writeString(dir.resolve("queries.jsonl"), QUERIES);
        Run run = evalResolution("--agents", dir.resolve("nope.json").toString(), "--queries", queries.toString());

        assertThat(run.status()).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(run.err()).contains("error: cannot read ", "nope.json", "NoSuchFileException").doesNotContain("\tat ");
    }

    @Test
    void twoAgentsWithOneIdAreRefused(@TempDir Path dir) throws Exception {
        String twice = AGENTS.replace("\"id\": \"bill-inquiry\"", "\"id\": \"home-broadband\"");
        Path agents = Files.writeString(dir.resolve("agents.json"), twice);
        Path queries = Files.writeString(dir.resolve("queries.jsonl"), QUERIES);
        Run run = evalResolution("--agents", agents.toString(), "--queries", queries.toString(), "--mode", "lexical");

        assertThat(run.status()).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(run.err()).contains("two agents with the id 'home-broadband'");
    }

    @Test
    void aLargeCatalogueShowsItsIndexingProgressAndIdsNeedNotBeDnsLabels(@TempDir Path dir) throws Exception {
        StringBuilder agents = new StringBuilder("[");
        for (int i = 0; i < 300; i++) {
            // Ids with capitals and underscores, as catalogues written elsewhere have them; no domain.
            agents.append(i == 0 ? "" : ",").append("{\"id\": \"Agent_").append(i).append("\", \"description\": \"Handles case number ")
                    .append(i).append(" of the fleet\", \"skills\": [{\"description\": \"Works on ticket ").append(i).append("\"}]}");
        }
        Path catalogue = Files.writeString(dir.resolve("agents.json"), agents.append("]").toString());
        Path queries = Files.writeString(dir.resolve("queries.jsonl"),
                "{\"id\": \"q1\", \"query\": \"ticket 123\", \"relevant\": [\"Agent_123\"], \"kind\": \"single\"}\n");
        Run run = evalResolution("--agents", catalogue.toString(), "--queries", queries.toString(), "--mode", "lexical", "--warm-up", "0",
                "--details");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).contains("indexed 250/300 agents", "indexed 300/300 agents").doesNotContain("warning");
        assertThat(lastJson(run).get("recall@1").asDouble()).isEqualTo(1.0);
    }

    @Test
    void aQueryAnAnsWouldRefuseCountsAsUnansweredWithAWarning(@TempDir Path dir) throws Exception {
        Path agents = Files.writeString(dir.resolve("agents.json"), AGENTS);
        String tooLong = "broadband ".repeat(500);
        Path queries = Files.writeString(dir.resolve("queries.jsonl"), QUERIES
                + "{\"id\": \"q3\", \"query\": \"" + tooLong + "\", \"relevant\": [\"home-broadband\"]}\n");
        Run run = evalResolution("--agents", agents.toString(), "--queries", queries.toString(), "--mode", "lexical", "--warm-up", "0",
                "--details");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).contains("warning: query q3 was refused: query text has 5000 characters");
        assertThat(lastJson(run).get("queries").asInt()).isEqualTo(3);
        assertThat(lastJson(run).get("recall@1").asDouble()).isCloseTo(2.0 / 3, within(1e-4));
        // The miss is listed on one line of bounded length, not with its 5,000 characters.
        assertThat(run.out().lines().filter(l -> l.startsWith("  q3 [-] broadband")).toList())
                .singleElement().satisfies(l -> assertThat(l.length()).isLessThan(220));
    }

    /**
     * A local server speaking the chat-completions API stands in for the LLM. It puts the second
     * candidate first, so on these two queries, whose relevant agent retrieval ranks first,
     * reranking must show in the figures; when it fails, the retrieval order must stand. Vector mode
     * ranks every agent, so each answer has a second candidate to put first.
     */
    @Test
    void aRerankerIsMeasuredBeforeAnAnsUsesItAndAFailingOneLeavesTheRetrievalOrder(@TempDir Path dir) throws Exception {
        Path agents = Files.writeString(dir.resolve("agents.json"), AGENTS);
        Path queries = Files.writeString(dir.resolve("queries.jsonl"), QUERIES);
        List<JsonNode> asked = new CopyOnWriteArrayList<>();
        AtomicInteger status = new AtomicInteger(200);
        HttpServer llm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        llm.createContext("/v1/chat/completions", exchange -> {
            try (exchange) {
                asked.add(new ObjectMapper().readTree(exchange.getRequestBody().readAllBytes()));
                byte[] body = ("{\"choices\": [{\"index\": 0, \"message\": {\"role\": \"assistant\","
                        + " \"content\": \"{\\\"ranking\\\": [2, 1]}\"}}]}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status.get(), body.length);
                exchange.getResponseBody().write(body);
            }
        });
        llm.start();
        try {
            String url = "http://127.0.0.1:" + llm.getAddress().getPort() + "/v1/chat/completions";
            Run reranked = evalResolution("--agents", agents.toString(), "--queries", queries.toString(), "--mode", "vector",
                    "--warm-up", "0", "--reranker-url", url, "--reranker-model", "test-model");

            assertThat(reranked.status()).as(reranked.err()).isZero();
            assertThat(lastJson(reranked).get("recall@1").asDouble()).isZero();
            assertThat(lastJson(reranked).get("mrr").asDouble()).isEqualTo(0.5);
            assertThat(asked).hasSize(2).allSatisfy(request -> {
                assertThat(request.path("model").asText()).isEqualTo("test-model");
                assertThat(request.path("messages").toString()).contains("Home Broadband Agent", "Bill Inquiry Agent");
            });

            status.set(500);
            Run failing = evalResolution("--agents", agents.toString(), "--queries", queries.toString(), "--mode", "vector",
                    "--warm-up", "0", "--reranker-url", url, "--reranker-model", "test-model");

            assertThat(failing.status()).as(failing.err()).isZero();
            assertThat(lastJson(failing).get("recall@1").asDouble()).isEqualTo(1.0);
            assertThat(failing.err()).contains("the reranker failed on 2 of 2 queries");
        } finally {
            llm.stop(0);
        }
    }

    /**
     * Options the command cannot run with stop it, with no figures and a message that names the
     * option: a usage error for a bad value, an error for reranker options that lack their
     * endpoint or model.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedOptions")
    void optionsItCannotRunWithAreRefusedWithWhatIsWrong(String options, int status, String message, @TempDir Path dir) throws Exception {
        Path agents = Files.writeString(dir.resolve("agents.json"), AGENTS);
        Path queries = Files.writeString(dir.resolve("queries.jsonl"), QUERIES);
        List<String> args = new ArrayList<>(List.of("--agents", agents.toString(), "--queries", queries.toString()));
        args.addAll(List.of(options.split(" ")));

        Run run = evalResolution(args.toArray(String[]::new));

        assertThat(run.status()).as(run.err()).isEqualTo(status);
        assertThat(run.err()).contains(message);
        assertThat(run.out()).doesNotContain("queries\":");
    }

    static Stream<Arguments> refusedOptions() {
        return Stream.of(
                Arguments.of("--mode magic", CommandLine.ExitCode.USAGE, "--mode must be lexical, vector or hybrid"),
                Arguments.of("--warm-up long", CommandLine.ExitCode.USAGE, "--warm-up must be a number of seconds or auto, was 'long'"),
                Arguments.of("--warm-up -5", CommandLine.ExitCode.USAGE, "--warm-up must not be negative, was -5"),
                Arguments.of("--reranker-url http://127.0.0.1:9/v1", CommandLine.ExitCode.SOFTWARE, "--reranker-url needs --reranker-model"),
                Arguments.of("--reranker-model m", CommandLine.ExitCode.SOFTWARE, "need --reranker-url"));
    }

    private record Run(int status, String out, String err) {}

    private static Run evalResolution(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = AcfCommand.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "eval-resolution";
        System.arraycopy(args, 0, all, 1, args.length);
        int status = cli.execute(all);
        return new Run(status, out.toString(), err.toString());
    }

    private static JsonNode lastJson(Run run) throws Exception {
        List<String> lines = run.out().lines().toList();
        return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }
}
