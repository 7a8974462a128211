package dev.acf.cli;

import dev.acf.ans.resolve.ChatCompletionsReranker;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.resolve.Reranker;
import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The optional reranking step of semantic resolution (ANS-RES-2's "RAG" step), shared by
 * {@code acf ans} and {@code acf eval-resolution}: an LLM behind an OpenAI-compatible
 * chat-completions endpoint reorders the retrieved agents, measured with the one and served by
 * the other. Off unless {@code --reranker-url} is given.
 *
 * <pre>
 * LLM_KEY=... acf eval-resolution --agents agents.json --queries queries.jsonl \
 *     --reranker-url http://127.0.0.1:8000/v1/chat/completions --reranker-model qwen2.5-7b-instruct --reranker-key-env LLM_KEY
 * </pre>
 */
final class RerankerOptions {
    @Option(names = "--reranker-url", paramLabel = "URL",
            description = "reorder semantic answers with the LLM behind this OpenAI-compatible chat-completions URL (off by default)")
    @Nullable URI url;

    @Option(names = "--reranker-model", paramLabel = "NAME", description = "the model the reranker endpoint serves (with --reranker-url)")
    @Nullable String model;

    @Option(names = "--reranker-key-env", paramLabel = "VAR",
            description = "environment variable holding the reranker endpoint's API key, sent as a Bearer token (none for local servers)")
    @Nullable String keyEnv;

    @Option(names = "--reranker-timeout", paramLabel = "DURATION", converter = OptionConverters.PositiveDuration.class,
            description = "how long one reranking may take before the retrieval order stands (default 2s)")
    @Nullable Duration timeout;

    /**
     * Returns the reranker these options describe, or {@code null} when none is asked for.
     *
     * @param environment reads environment variables (the API key)
     * @throws ConfigurationException when the options are incomplete or the key's variable is unset
     */
    @Nullable Reranker reranker(UnaryOperator<String> environment) {
        if (url == null) {
            if (model != null || keyEnv != null || timeout != null) {
                throw new ConfigurationException("--reranker-model, --reranker-key-env and --reranker-timeout need --reranker-url");
            }
            return null;
        }
        if (model == null || model.isBlank()) {
            throw new ConfigurationException("--reranker-url needs --reranker-model: the model the endpoint serves");
        }
        String key = null;
        if (keyEnv != null) {
            key = environment.apply(keyEnv);
            if (key == null || key.isBlank()) {
                throw new ConfigurationException("environment variable " + keyEnv + " is not set: it holds the reranker's API key");
            }
        }
        try {
            ChatCompletionsReranker.Builder builder = ChatCompletionsReranker.builder(url, model).apiKey(key);
            if (timeout != null) {
                builder.timeout(timeout);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("--reranker-url: " + e.getMessage());
        }
    }
}
