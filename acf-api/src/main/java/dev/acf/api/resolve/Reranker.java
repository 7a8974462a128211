package dev.acf.api.resolve;

import java.util.List;

/**
 * An optional last step of semantic resolution (the "RAG" step of ANS-RES-2): reorders the
 * retrieved candidates, for example by asking an LLM which agents fit the intent.
 *
 * <p>Thread-safe; may block on the network, so ANS calls it off any event loop and falls
 * back to the retrieval order when it fails.
 */
@FunctionalInterface
public interface Reranker {

    /** Returns the candidates reordered (and possibly fewer of them), best first. */
    List<ResolveResult> rerank(String intent, List<ResolveResult> candidates);
}
