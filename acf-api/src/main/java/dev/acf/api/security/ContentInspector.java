package dev.acf.api.security;

/**
 * Inspects text that crosses ACF: queries and instructions for prompt injection,
 * obfuscation and hijack attempts (ANS-SEC-2), and responses for sensitive data to redact
 * for the caller's clearance (ANS-SEC-3). Several inspectors can run in a row; the first
 * {@code BLOCK} wins.
 *
 * <p>Called on the request path from many threads: thread-safe, no blocking I/O.
 *
 * <pre>{@code
 * InspectionResult r = inspector.inspect(ContentInspector.Direction.REQUEST, caller, text);
 * if (r.verdict() == InspectionResult.Verdict.BLOCK) { ... 400 with r.ruleId() ... }
 * }</pre>
 */
public interface ContentInspector {

    /** Which way the content travels. */
    enum Direction {
        /** From a caller towards an agent (or a query to ANS). */
        REQUEST,
        /** From an agent back towards its caller. */
        RESPONSE
    }

    /**
     * Inspects one piece of text.
     *
     * @param direction which way it travels
     * @param caller who sent it (requests) or will receive it (responses)
     * @param content the text, already extracted from the message parts
     */
    InspectionResult inspect(Direction direction, CallerIdentity caller, String content);
}
