package dev.acf.ans.resolve;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.resolve.Reranker;
import dev.acf.api.resolve.RerankerProvider;
import dev.acf.api.spi.ProviderConfig;
import java.net.URI;
import java.time.Duration;

/**
 * Provides {@link ChatCompletionsReranker} under the name {@code chat-completions}. Settings:
 * {@code url} (the chat-completions URL, required), {@code model} (required), {@code apiKey},
 * {@code timeout} (default 2 s). Priority 0: a reranker is used only when configured.
 */
public final class ChatCompletionsRerankerProvider implements RerankerProvider {
    /** Creates the provider; used by {@link java.util.ServiceLoader}. */
    public ChatCompletionsRerankerProvider() {}

    @Override
    public String name() {
        return "chat-completions";
    }

    @Override
    public Reranker create(ProviderConfig config) {
        URI url;
        try {
            url = URI.create(config.require("url"));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("reranker setting 'url' is not a URI: " + e.getMessage());
        }
        try {
            return ChatCompletionsReranker.builder(url, config.require("model"))
                    .apiKey(config.get("apiKey").orElse(null))
                    .timeout(config.durationValue("timeout", Duration.ofSeconds(2)))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("reranker settings are not usable: " + e.getMessage());
        }
    }
}
