package dev.acf.gateway.redact;

import dev.acf.api.audit.AuditEvent;
import dev.acf.api.audit.AuditSink;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.gateway.AsyncGatewayFilter;
import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.HttpHeaders;
import dev.acf.api.gateway.SseEvent;
import dev.acf.api.gateway.StreamListener;
import dev.acf.api.name.AgentName;
import dev.acf.api.security.AgentClassification;
import dev.acf.api.security.CallerIdentity;
import dev.acf.api.security.ClassificationLevel;
import dev.acf.gateway.ExchangeAttributes;
import dev.acf.gateway.compress.ContentCoding;
import dev.acf.gateway.pipeline.AnswerStep;
import dev.acf.gateway.pipeline.NamedSkill;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tiered content security at the gateway (ANS-SEC-3, GW-SEC-2). On the way in, a call to an agent
 * (or skill) classified above the caller's clearance ({@link AgentClassification} in its Agent
 * Card) is refused 403 {@code permission_denied} naming the rule {@code classification.agent} or
 * {@code classification.skill}: it never reaches the agent. On the way out, every value the
 * {@link Redactor} finds at a level the clearance does not permit is replaced with
 * {@code [REDACTED:<kind>]}: in whole JSON bodies inside string values (the JSON stays valid), in
 * other text bodies anywhere, and in each server-sent event's data before it reaches the client.
 *
 * <p>Audit: a redacted whole body carries the header {@value #HEADER} ({@code rule=n,...}, no
 * values), which the audit filter records as the exchange's {@code redactions}; a redacted stream
 * is audited at its end with an event of type {@value #STREAM_EVENT}. Callers cleared for
 * {@code SECRET} (or for every level the redactor's detectors can report) cost nothing; paths the skip predicate accepts (the catalogue, agent cards: data
 * the agents published) pass as they are. An answer the agent encoded (gzip, zstd) is decoded to be
 * inspected and passes untouched when nothing is redacted. What cannot be inspected does not pass
 * to a caller below {@code SECRET}: an answer in an unknown coding is answered 502, and a large body streamed
 * in pieces is cut before a piece holding something to redact (a value split across two pieces
 * may pass). Stage {@code OBSERVABILITY}, after audit, so the audit sees the redacted answer.
 * Thread-safe; detectors run on the request's thread or, for streams, on the event loop.
 *
 * <p>Redacting is CPU work only, so the filter is a non-blocking {@link AsyncGatewayFilter}
 * unless it was given only a classification function that may block; with a function of the
 * classifications known now ({@link Builder#classifications(Function, Function)}), only an agent
 * whose classification is not known yet is looked up, on a virtual thread.
 *
 * <pre>{@code
 * GatewayFilter redaction = RedactionFilter.builder(Redactor.builder().build())
 *         .classifications(directory::classification, directory::knownClassification)   // the second: null when not in memory
 *         .auditSink(sink)
 *         .build();
 * }</pre>
 */
public final class RedactionFilter implements AnswerStep {
    /** The response header that lists what was redacted, {@code rule=n,...}. */
    public static final String HEADER = "acf-redacted";
    /** The type of the audit event that records the redactions of a stream. */
    public static final String STREAM_EVENT = "a2a.redaction";

    private static final Logger LOG = LoggerFactory.getLogger(RedactionFilter.class);
    /** An encoded answer is decoded up to this size to be inspected (the aggregation limit bounds the encoded size). */
    private static final int MAX_DECODED_BYTES = 16 * 1024 * 1024;
    /** Where classifications not known yet are looked up, off the event loop. */
    private static final Executor LOOKUPS = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("acf-classify-", 0).factory());

    private final Redactor redactor;
    private final @Nullable Function<AgentName, AgentClassification> classifications;
    private final @Nullable Function<AgentName, @Nullable AgentClassification> known;
    private final @Nullable AuditSink sink;
    private final Predicate<String> skip;

    private RedactionFilter(Builder b) {
        this.redactor = b.redactor;
        this.classifications = b.classifications;
        this.known = b.known;
        this.sink = b.sink;
        this.skip = b.skip;
    }

    /** Returns a builder redacting with this redactor. */
    public static Builder builder(Redactor redactor) {
        return new Builder(redactor);
    }

    /** Returns false only when agents' classifications come from a function that may block and no function of those known now. */
    @Override
    public boolean nonBlocking() {
        return classifications == null || known != null;
    }

    @Override
    public CompletionStage<Exchange.Response> filterAsync(Exchange exchange, AsyncChain chain) {
        if (skip.test(pathOnly(exchange.request().path()))) {
            return chain.proceed(exchange);
        }
        CallerIdentity caller = exchange.caller();
        Function<AgentName, AgentClassification> lookup = classifications;
        AgentName target = exchange.attribute(ExchangeAttributes.TARGET, AgentName.class).orElse(null);
        if (lookup == null || target == null || caller.clearance() == ClassificationLevel.SECRET) {
            return redacted(exchange, caller, chain);
        }
        AgentClassification now = knownNow(exchange, target);
        if (now != null) {
            return checked(exchange, caller, target, now, chain);
        }
        if (known == null) {
            // Only a function that may block: this filter runs on a virtual thread (nonBlocking() is false).
            return checked(exchange, caller, target, classification(exchange, lookup, target), chain);
        }
        return CompletableFuture.supplyAsync(() -> classification(exchange, lookup, target), LOOKUPS)
                .thenCompose(c -> checked(exchange, caller, target, c, chain));
    }

    private @Nullable AgentClassification knownNow(Exchange exchange, AgentName target) {
        Function<AgentName, @Nullable AgentClassification> now = known;
        if (now == null) {
            return null;
        }
        try {
            return now.apply(target);
        } catch (RuntimeException e) {
            LOG.debug("request {}: no known classification for {}: {}", exchange.requestId(), target, e.toString());
            return null;
        }
    }

    private static @Nullable AgentClassification classification(Exchange exchange, Function<AgentName, AgentClassification> lookup,
            AgentName target) {
        try {
            return lookup.apply(target);
        } catch (RuntimeException e) {
            // The agent cannot be resolved: routing answers that; its answers are still redacted.
            LOG.debug("request {}: no classification for {}: {}", exchange.requestId(), target, e.toString());
            return null;
        }
    }

    private CompletionStage<Exchange.Response> checked(Exchange exchange, CallerIdentity caller, AgentName target,
            @Nullable AgentClassification classification, AsyncChain chain) {
        Exchange.Response refused = classification == null ? null : classificationCheck(exchange, caller, target, classification);
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        return redacted(exchange, caller, chain);
    }

    /** Begins a call whose classification is known now (or not needed); null when it must be looked up. */
    @Override
    public @Nullable Begun begin(Exchange exchange) {
        if (skip.test(pathOnly(exchange.request().path()))) {
            return Begun.proceed(exchange, null);
        }
        CallerIdentity caller = exchange.caller();
        AgentName target = exchange.attribute(ExchangeAttributes.TARGET, AgentName.class).orElse(null);
        if (classifications == null || target == null || caller.clearance() == ClassificationLevel.SECRET) {
            return Begun.proceed(exchange, finish(exchange, caller));
        }
        AgentClassification now = knownNow(exchange, target);
        if (now == null) {
            return null;
        }
        Exchange.Response refused = classificationCheck(exchange, caller, target, now);
        return refused != null ? Begun.answer(exchange, refused) : Begun.proceed(exchange, finish(exchange, caller));
    }

    private @Nullable Finish finish(Exchange exchange, CallerIdentity caller) {
        return redactor.clearsAll(caller.clearance()) ? null : response -> redact(exchange, caller, response);
    }

    private CompletionStage<Exchange.Response> redacted(Exchange exchange, CallerIdentity caller, AsyncChain chain) {
        if (redactor.clearsAll(caller.clearance())) {
            // Nothing this caller receives can need a redaction: the answer passes without a stage of its own.
            return chain.proceed(exchange);
        }
        return chain.proceed(exchange).thenApply(response -> redact(exchange, caller, response));
    }

    /** Redacts a whole answer for the caller's clearance; CPU only, on whichever thread completed the answer. */
    private Exchange.Response redact(Exchange exchange, CallerIdentity caller, Exchange.Response response) {
        ClassificationLevel clearance = caller.clearance();
        if (redactor.clearsAll(clearance) || response.body().isEmpty()) {
            return response;
        }
        String type = response.headers().first("content-type").orElse("").toLowerCase(Locale.ROOT);
        boolean json = type.contains("json");
        if (!json && !type.isEmpty() && !type.startsWith("text/")) {
            return response;
        }
        String coding = response.headers().first("content-encoding").orElse("").trim();
        boolean encoded = !coding.isEmpty() && !coding.equalsIgnoreCase("identity");
        if (json && !encoded && redactor.clean(response.body().inputStream(), clearance)) {
            // The common answer: nothing to redact, found by one streaming scan without copying the body.
            return response;
        }
        byte[] body = response.body().bytes();
        if (encoded) {
            try {
                body = ContentCoding.decodeAll(body, coding, MAX_DECODED_BYTES);
            } catch (AcfException e) {
                LOG.warn("request {}: the {}-encoded answer cannot be read for clearance {}: {}", exchange.requestId(), coding, clearance,
                        e.getMessage());
                return Exchange.Response.error(ErrorCode.UPSTREAM_FAILED.httpStatus(), ErrorCode.UPSTREAM_FAILED.id(),
                        "the agent's answer is " + coding + "-encoded and cannot be inspected for the caller's clearance");
            }
        }
        Tally tally = new Tally();
        byte[] redacted = json ? json(body, clearance, tally) : text(body, clearance, tally);
        if (tally.isEmpty()) {
            return response;
        }
        LOG.debug("request {}: redacted {} for clearance {}", exchange.requestId(), tally.summary(), clearance);
        // A redacted answer leaves decoded; the transport compresses it again as the client negotiated.
        HttpHeaders headers = response.headers().without("content-length").without("content-encoding").with(HEADER, tally.summary());
        return new Exchange.Response(response.status(), headers, Body.of(redacted));
    }

    @Override
    public @Nullable StreamListener streamListener(Exchange exchange) {
        if (redactor.clearsAll(exchange.caller().clearance()) || skip.test(pathOnly(exchange.request().path()))) {
            return null;
        }
        return new StreamRedaction(exchange.caller().clearance());
    }

    private Exchange.@Nullable Response classificationCheck(Exchange exchange, CallerIdentity caller, AgentName target,
            AgentClassification classification) {
        String skill = classification.skills().isEmpty() ? null : NamedSkill.of(exchange);
        ClassificationLevel needed = skill == null ? classification.level() : classification.forSkill(skill);
        if (caller.clearance().permits(needed)) {
            return null;
        }
        String rule = skill != null && classification.skills().containsKey(skill) ? "classification.skill" : "classification.agent";
        return Exchange.Response.error(ErrorCode.PERMISSION_DENIED.httpStatus(), ErrorCode.PERMISSION_DENIED.id(),
                "rule " + rule + ": " + (skill != null && rule.equals("classification.skill") ? "skill " + skill + " of " : "")
                        + target + " is classified " + needed + "; the caller is cleared for " + caller.clearance())
                .withHeader("acf-denied-rule", rule);
    }

    private byte[] json(byte[] body, ClassificationLevel clearance, Tally tally) {
        try {
            return redactor.redactJson(body, clearance, tally);
        } catch (AcfException e) {
            // Labelled JSON but not JSON: redact it as text rather than pass it unchecked.
            return text(body, clearance, tally);
        }
    }

    private byte[] text(byte[] body, ClassificationLevel clearance, Tally tally) {
        String text = new String(body, StandardCharsets.UTF_8);
        String redacted = redactor.redact(text, null, clearance, tally);
        return redacted == text ? body : redacted.getBytes(StandardCharsets.UTF_8);
    }

    private static String pathOnly(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /** The redaction of one streamed response; called one event at a time. */
    private final class StreamRedaction implements StreamListener {
        private final ClassificationLevel clearance;
        private final Tally tally = new Tally();

        StreamRedaction(ClassificationLevel clearance) {
            this.clearance = clearance;
        }

        @Override
        public @Nullable SseEvent onEvent(Exchange exchange, SseEvent event) {
            String data = event.data();
            if (data == null || data.isEmpty()) {
                return event;
            }
            String redacted;
            char first = data.stripLeading().isEmpty() ? ' ' : data.stripLeading().charAt(0);
            if (first == '{' || first == '[') {
                byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
                byte[] out = json(bytes, clearance, tally);
                redacted = out == bytes ? data : new String(out, StandardCharsets.UTF_8);
            } else {
                redacted = redactor.redact(data, null, clearance, tally);
            }
            return redacted == data ? event : event.withData(redacted);
        }

        @Override
        public void onChunk(Exchange exchange, byte[] chunk) {
            Tally found = new Tally();
            redactor.redact(new String(chunk, StandardCharsets.UTF_8), null, clearance, found);
            if (!found.isEmpty()) {
                tally.addAll(found);
                throw new IllegalStateException("a streamed body holds data above the caller's clearance (" + found.summary()
                        + ") and cannot be redacted in pieces; the stream is cut");
            }
        }

        @Override
        public void onComplete(Exchange exchange, long bytes, @Nullable Throwable failure) {
            AuditSink s = sink;
            if (tally.isEmpty() || s == null) {
                return;
            }
            AuditEvent.Builder event = AuditEvent.builder(STREAM_EVENT)
                    .requestId(exchange.requestId())
                    .source(exchange.caller().subject())
                    .attribute("redactions", tally.summary())
                    .attribute("redacted", String.valueOf(tally.total()))
                    .attribute("clearance", clearance.name());
            exchange.attribute(ExchangeAttributes.TARGET, AgentName.class).ifPresent(t -> event.destination(t.toString()));
            try {
                s.accept(event.build());
            } catch (RuntimeException e) {
                LOG.warn("audit sink {} failed on request {}", s, exchange.requestId(), e);
            }
        }
    }

    /** Configures a {@link RedactionFilter}; not thread-safe. */
    public static final class Builder {
        private final Redactor redactor;
        private @Nullable Function<AgentName, AgentClassification> classifications;
        private @Nullable Function<AgentName, @Nullable AgentClassification> known;
        private @Nullable AuditSink sink;
        private Predicate<String> skip = path -> false;

        private Builder(Redactor redactor) {
            this.redactor = Objects.requireNonNull(redactor, "redactor");
        }

        /**
         * Sets where agents' classifications come from; none (the default) enforces none. Called on
         * request threads and may block: the filter then runs on virtual threads, never on an event loop.
         */
        public Builder classifications(Function<AgentName, AgentClassification> value) {
            this.classifications = Objects.requireNonNull(value, "classifications");
            this.known = null;
            return this;
        }

        /**
         * Sets where agents' classifications come from: {@code known} answers from memory, never
         * blocking, or returns {@code null} when it does not know the agent yet; {@code lookup} (which
         * may block) is then called on a virtual thread. The filter stays non-blocking.
         */
        public Builder classifications(Function<AgentName, AgentClassification> lookup,
                Function<AgentName, @Nullable AgentClassification> known) {
            this.classifications = Objects.requireNonNull(lookup, "lookup");
            this.known = Objects.requireNonNull(known, "known");
            return this;
        }

        /** Sets the sink the redactions of streams are audited to (default none). */
        public Builder auditSink(@Nullable AuditSink value) {
            this.sink = value;
            return this;
        }

        /** Passes the paths (without query) this predicate accepts unchecked, such as the catalogue and agent cards. */
        public Builder skipPaths(Predicate<String> value) {
            this.skip = Objects.requireNonNull(value, "skip");
            return this;
        }

        /** Returns the filter. */
        public RedactionFilter build() {
            return new RedactionFilter(this);
        }
    }
}
