package dev.acf.ans.resolve;

import dev.acf.api.resolve.Reranker;
import dev.acf.api.resolve.ResolveQuery;
import dev.acf.api.resolve.ResolveResult;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional reranking step of semantic resolution (the draft's "RAG" step): retrieval asks
 * for twice the agents wanted, the {@link Reranker} reorders them (and may drop some), and the
 * first ones wanted are the answer. A reranker that fails, or answers agents it was not given,
 * duplicates or nothing, leaves the retrieval order. The ANS and {@code eval-resolution} both
 * rerank through this class. Stateless and thread-safe.
 */
public final class Reranking {
    private static final Logger LOG = LoggerFactory.getLogger(Reranking.class);

    private Reranking() {}

    /** Returns the query to retrieve with before reranking: the same, asking for twice the agents (at least 10). */
    public static ResolveQuery widened(ResolveQuery query) {
        int candidates = Math.min(ResolveQuery.MAX_LIMIT, Math.max(10, query.limit() * 2));
        return new ResolveQuery(query.text(), candidates, query.filters());
    }

    /**
     * Returns the first {@code query.limit()} candidates in the reranker's order, or in their
     * retrieval order when the reranker fails or answers nonsense.
     *
     * @param found what retrieval found for {@link #widened} of the query, best first
     */
    public static List<ResolveResult> apply(Reranker reranker, ResolveQuery query, List<ResolveResult> found) {
        return attempt(reranker, query, found).orElseGet(() -> retrievalOrder(query, found));
    }

    /** Returns the answer without reranking: the first {@code query.limit()} candidates as retrieved. */
    public static List<ResolveResult> retrievalOrder(ResolveQuery query, List<ResolveResult> found) {
        return List.copyOf(found.subList(0, Math.min(found.size(), query.limit())));
    }

    /** Like {@link #apply}, but empty when the reranker failed or answered nonsense, so a caller can count failures. */
    public static Optional<List<ResolveResult>> attempt(Reranker reranker, ResolveQuery query, List<ResolveResult> found) {
        if (found.size() < 2) {
            return Optional.of(List.copyOf(found));
        }
        try {
            List<ResolveResult> order = reranker.rerank(query.text(), found);
            Set<ResolveResult> offered = new HashSet<>(found);
            if (order == null || order.isEmpty() || !offered.containsAll(order) || new HashSet<>(order).size() != order.size()) {
                LOG.warn("reranker {} answered candidates it was not given, duplicates or nothing: the retrieval order stands", reranker);
                return Optional.empty();
            }
            return Optional.of(List.copyOf(order.subList(0, Math.min(order.size(), query.limit()))));
        } catch (RuntimeException e) {
            LOG.warn("reranker {} failed: the retrieval order stands: {}", reranker, e.toString());
            return Optional.empty();
        }
    }
}
