package dev.acf.interop;

import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.GatewayFilter;
import dev.acf.api.gateway.SseEvent;
import dev.acf.api.gateway.StreamListener;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A gateway filter that writes down every exchange it sees: the request line, the A2A headers
 * and body, the response status and body, and each streamed event, so a failing interoperability
 * test can show what crossed the gateway. Thread-safe; lines are kept in arrival order.
 */
final class WireLog implements GatewayFilter {
    private static final int MAX_BODY = 4_000;
    private final List<String> lines = new ArrayList<>();

    @Override
    public Exchange.Response filter(Exchange exchange, Chain chain) {
        Exchange.Request request = exchange.request();
        StringBuilder in = new StringBuilder(">> ").append(exchange.requestId()).append(' ')
                .append(request.method()).append(' ').append(request.path());
        header(in, request.headers().first("A2A-Version").orElse(null), "A2A-Version");
        header(in, request.headers().first("Content-Type").orElse(null), "Content-Type");
        header(in, request.headers().first("Accept").orElse(null), "Accept");
        if (!request.body().isEmpty()) {
            in.append("\n   ").append(clip(request.body().asString()));
        }
        add(in.toString());
        Exchange.Response response = chain.proceed(exchange);
        StringBuilder out = new StringBuilder("<< ").append(exchange.requestId()).append(' ').append(response.status());
        header(out, response.headers().first("Content-Type").orElse(null), "Content-Type");
        if (!response.body().isEmpty()) {
            out.append("\n   ").append(clip(response.body().asString()));
        }
        add(out.toString());
        return response;
    }

    @Override
    public StreamListener streamListener(Exchange exchange) {
        String id = exchange.requestId();
        return new StreamListener() {
            @Override
            public SseEvent onEvent(Exchange x, SseEvent event) {
                add("<< " + id + " event" + (event.id() == null ? "" : " id=" + event.id()) + ": " + clip(String.valueOf(event.data())));
                return event;
            }

            @Override
            public void onChunk(Exchange x, byte[] chunk) {
                add("<< " + id + " chunk: " + clip(new String(chunk, java.nio.charset.StandardCharsets.UTF_8)));
            }

            @Override
            public void onComplete(Exchange x, long bytes, @Nullable Throwable failure) {
                add("<< " + id + " end of stream, " + bytes + " bytes" + (failure == null ? "" : ", cut: " + failure));
            }
        };
    }

    /** Returns the number of lines written so far, a mark for {@link #since}. */
    synchronized int mark() {
        return lines.size();
    }

    /** Returns the lines written after a mark, one per line. */
    synchronized String since(int mark) {
        return String.join("\n", lines.subList(Math.min(mark, lines.size()), lines.size()));
    }

    /** Returns every line written. */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    private synchronized void add(String line) {
        lines.add(line);
    }

    private static void header(StringBuilder out, @Nullable String value, String name) {
        if (value != null) {
            out.append(" [").append(name).append(": ").append(value).append(']');
        }
    }

    private static String clip(String text) {
        return text.length() <= MAX_BODY ? text : text.substring(0, MAX_BODY) + "... (" + text.length() + " chars)";
    }
}
