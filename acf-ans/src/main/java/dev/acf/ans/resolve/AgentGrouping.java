package dev.acf.ans.resolve;

import dev.acf.ans.resolve.RankFusion.Hit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

/** Turns a search's documents (agents and their skills) into agents, best first. Stateless. */
final class AgentGrouping {
    /** Agent keys and skill ids by doc-values ordinal, shared by all searches over the index's segments. */
    private static final SortedValues KEYS = new SortedValues(AgentDocuments.KEY);
    private static final SortedValues SKILLS = new SortedValues(AgentDocuments.SKILL);

    private AgentGrouping() {}

    /**
     * Groups documents to agents: an agent's best document gives its score, its best skill
     * document the skill. Hits are grouped by the key's doc-values ordinal in their segment,
     * read in doc order; only the agents kept are turned into strings.
     */
    static List<Hit> byAgent(IndexSearcher searcher, TopDocs top) throws IOException {
        ScoreDoc[] hits = top.scoreDocs;
        // Per hit, in score order: its segment (high half) and key ordinal (low), and its skill ordinal.
        long[] agentOf = new long[hits.length];
        int[] skillOf = new int[hits.length];
        long[] inDocOrder = new long[hits.length];
        for (int i = 0; i < hits.length; i++) {
            inDocOrder[i] = ((long) hits[i].doc << 32) | i;
        }
        Arrays.sort(inDocOrder);
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = null;
        SortedDocValues keyValues = null;
        SortedDocValues skillValues = null;
        // Opened once per segment searched, then also used to look up the kept agents' strings.
        SortedDocValues[] keysByLeaf = new SortedDocValues[leaves.size()];
        SortedDocValues[] skillsByLeaf = new SortedDocValues[leaves.size()];
        for (long packed : inDocOrder) {
            int doc = (int) (packed >>> 32);
            int i = (int) packed;
            if (leaf == null || doc >= leaf.docBase + leaf.reader().maxDoc()) {
                leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
                keyValues = DocValues.getSorted(leaf.reader(), KEYS.field());
                skillValues = DocValues.getSorted(leaf.reader(), SKILLS.field());
                keysByLeaf[leaf.ord] = keyValues;
                skillsByLeaf[leaf.ord] = skillValues;
            }
            int local = doc - leaf.docBase;
            agentOf[i] = keyValues.advanceExact(local) ? ((long) leaf.ord << 32) | keyValues.ordValue() : -1;
            skillOf[i] = skillValues.advanceExact(local) ? skillValues.ordValue() : -1;
        }
        // Each agent's first hit (its best score) and first skill hit, in order of first appearance.
        Map<Long, Integer> position = new HashMap<>();
        List<Long> agents = new ArrayList<>();
        List<Integer> best = new ArrayList<>();
        List<Integer> skill = new ArrayList<>();
        for (int i = 0; i < hits.length; i++) {
            long agent = agentOf[i];
            if (agent < 0) {
                continue;
            }
            Integer at = position.putIfAbsent(agent, agents.size());
            if (at == null) {
                agents.add(agent);
                best.add(i);
                skill.add(skillOf[i] >= 0 ? i : -1);
            } else if (skill.get(at) < 0 && skillOf[i] >= 0) {
                skill.set(at, i);
            }
        }
        List<Hit> out = new ArrayList<>(agents.size());
        Map<String, Integer> byKey = leaves.size() > 1 ? new HashMap<>() : null;
        for (int a = 0; a < agents.size(); a++) {
            int leafOrd = (int) (agents.get(a) >>> 32);
            LeafReader reader = leaves.get(leafOrd).reader();
            String key = KEYS.value(reader, keysByLeaf[leafOrd], (int) (long) agents.get(a));
            int s = skill.get(a);
            String skillId = s < 0 ? null : SKILLS.value(reader, skillsByLeaf[leafOrd], skillOf[s]);
            Integer seen = byKey == null ? null : byKey.putIfAbsent(key, out.size());
            if (seen == null) {
                out.add(new Hit(key, skillId, hits[best.get(a)].score));
            } else if (out.get(seen).skill() == null && skillId != null) {
                // The same agent in two searched indexes (a combined search): its first segment's score stands.
                out.set(seen, new Hit(key, skillId, out.get(seen).score()));
            }
        }
        return out;
    }
}
