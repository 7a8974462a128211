package dev.acf.ans.resolve;

import dev.acf.api.agent.AgentStatus;
import dev.acf.api.name.Domain;
import dev.acf.api.resolve.ResolveFilters;
import java.io.IOException;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The filters of a resolution (domain, transport, capability, verified skills, version range,
 * status) as Lucene clauses, so that both retrievals are restricted before they rank. Stateless.
 */
final class FilterClauses {
    private FilterClauses() {}

    /**
     * Returns true when the filters would keep every document of the snapshot: only statuses,
     * and every status the snapshot holds among them (the usual case: all agents active). A
     * filter that keeps everything still costs both retrievals a check per candidate.
     */
    static boolean excludesNothing(IndexSearcher searcher, ResolveFilters filters) throws IOException {
        if (!filters.domains().isEmpty() || !filters.transports().isEmpty() || !filters.capabilities().isEmpty() || filters.verifiedOnly()
                || filters.minVersion() != null || filters.maxVersion() != null) {
            return false;
        }
        Set<String> wanted = filters.statuses().stream().map(AgentStatus::name).collect(Collectors.toSet());
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Terms statuses = leaf.reader().terms(AgentDocuments.STATUS);
            if (statuses == null) {
                continue;
            }
            TermsEnum each = statuses.iterator();
            for (BytesRef status = each.next(); status != null; status = each.next()) {
                if (!wanted.contains(status.utf8ToString())) {
                    return false; // deleted documents count too: the filter stays, which is only slower
                }
            }
        }
        return true;
    }

    /** Returns the filters as Lucene clauses, so both retrievals are restricted before ranking. */
    static Query of(ResolveFilters filters) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(terms(AgentDocuments.STATUS, filters.statuses().stream().map(AgentStatus::name).collect(Collectors.toSet())), Occur.FILTER);
        if (!filters.domains().isEmpty()) {
            b.add(terms(AgentDocuments.DOMAIN, filters.domains().stream().map(Domain::name).collect(Collectors.toSet())), Occur.FILTER);
        }
        if (!filters.transports().isEmpty()) {
            b.add(terms(AgentDocuments.TRANSPORT, filters.transports().stream()
                    .map(t -> t.trim().toUpperCase(java.util.Locale.ROOT)).collect(Collectors.toSet())), Occur.FILTER);
        }
        if (!filters.capabilities().isEmpty()) {
            b.add(terms(AgentDocuments.CAPABILITY, filters.capabilities()), Occur.FILTER);
        }
        if (filters.verifiedOnly()) {
            // Skill documents of verified skills and agent documents of agents with one (ANS-MON-3).
            b.add(new org.apache.lucene.search.TermQuery(new org.apache.lucene.index.Term(AgentDocuments.VERIFIED, AgentDocuments.VERIFIED_YES)),
                    Occur.FILTER);
        }
        if (filters.minVersion() != null || filters.maxVersion() != null) {
            long min = filters.minVersion() == null ? Long.MIN_VALUE : AgentDocuments.versionNumber(filters.minVersion());
            long max = filters.maxVersion() == null ? Long.MAX_VALUE : AgentDocuments.versionNumber(filters.maxVersion()) - 1;
            b.add(LongPoint.newRangeQuery(AgentDocuments.VERSION, min, max), Occur.FILTER);
        }
        return b.build();
    }

    private static Query terms(String field, Set<String> values) {
        return new TermInSetQuery(field, values.stream().map(BytesRef::new).toList());
    }
}
