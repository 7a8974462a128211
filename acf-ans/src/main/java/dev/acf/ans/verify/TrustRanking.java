package dev.acf.ans.verify;

import dev.acf.api.resolve.ResolveResult;
import dev.acf.api.verify.TrustSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How trust profiles shape resolution answers (ANS-MON-3): each result gets its agent's
 * {@link TrustSummary}, {@code verifiedOnly} drops what this ANS cannot vouch for, and
 * {@code preferVerified} boosts verified agents by {@value #VERIFIED_BOOST}. Stateless.
 */
public final class TrustRanking {
    /** The score an agent with a verified skill gains with {@code preferVerified}. */
    public static final double VERIFIED_BOOST = 0.15;

    private TrustRanking() {}

    /**
     * Returns the results with their trust summaries. With {@code verifiedOnly}, the index
     * already kept only agents matching through a verified skill; records it cannot vouch for
     * (imported from peers) are dropped here.
     */
    public static List<ResolveResult> annotated(List<ResolveResult> found, TrustStore trust, boolean verifiedOnly) {
        List<ResolveResult> out = new ArrayList<>(found.size());
        for (ResolveResult r : found) {
            TrustSummary summary = trust.summary(r.name());
            if (!verifiedOnly || summary.isVerified()) {
                out.add(r.with(r.score(), summary));
            }
        }
        return out;
    }

    /** Returns the best {@code limit} results once verified agents gained {@value #VERIFIED_BOOST} of score (at most 1). */
    public static List<ResolveResult> preferVerified(List<ResolveResult> found, int limit) {
        List<ResolveResult> boosted = new ArrayList<>(found.size());
        for (ResolveResult r : found) {
            boolean verified = r.trust() != null && r.trust().isVerified();
            boosted.add(verified ? r.with(Math.min(1.0, r.score() + VERIFIED_BOOST), r.trust()) : r);
        }
        boosted.sort(Comparator.comparingDouble(ResolveResult::score).reversed());
        return List.copyOf(boosted.subList(0, Math.min(limit, boosted.size())));
    }
}
