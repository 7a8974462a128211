package dev.acf.gateway.pipeline;

import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.gateway.ExchangeAttributes;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The skill an A2A call names in its metadata, as the filters that decide on skills read it:
 * {@code skillId}, else {@code skill}, of {@code params.metadata}, else of
 * {@code params.message.metadata}. A2A has no field for it; the message metadata is where ACF's
 * client SDK and capability verification put it.
 */
public final class NamedSkill {
    /** Bodies larger than this are not scanned for a skill. */
    private static final int MAX_SCANNED_BODY = 1024 * 1024;

    private NamedSkill() {}

    /**
     * Returns the skill the call names, or null: the {@link ExchangeAttributes#SKILL} attribute
     * when the gateway's JSON-RPC validation scanned the body (it sets the method too), else
     * scanned from the body now.
     */
    public static @Nullable String of(Exchange exchange) {
        Optional<String> named = exchange.attribute(ExchangeAttributes.SKILL, String.class);
        if (named.isPresent() || exchange.attribute(ExchangeAttributes.A2A_METHOD, String.class).isPresent()) {
            return named.orElse(null);
        }
        Body body = exchange.request().body();
        boolean json = exchange.request().headers().first("content-type").map(t -> t.toLowerCase(Locale.ROOT).contains("json")).orElse(true);
        if (!json || body.isEmpty() || body.length() > MAX_SCANNED_BODY) {
            return null;
        }
        JsonRpcCall call = JsonRpcCall.scan(body);
        return call.wellFormed() ? call.skill() : null;
    }
}
