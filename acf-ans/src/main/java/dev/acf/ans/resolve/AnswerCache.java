package dev.acf.ans.resolve;

import dev.acf.ans.resolve.RankFusion.Hit;
import dev.acf.api.resolve.ResolveQuery;
import java.util.List;
import java.util.function.Function;
import org.apache.lucene.search.IndexSearcher;
import org.jspecify.annotations.Nullable;

/**
 * The answers found in the latest index snapshot, so a repeated intent costs a map lookup
 * until the index changes. An answer is only ever served for the snapshot it was found in: a
 * search over another snapshot starts a fresh cache. Thread-safe.
 */
final class AnswerCache {
    private final int size;
    private volatile Snapshot latest;

    AnswerCache(int size) {
        this.size = size;
        this.latest = new Snapshot(null, new QueryCache<>(size));
    }

    /** A search's inputs. */
    record Question(ResolveQuery query, SearchOptions options) {}

    /** Returns the answer found earlier in this snapshot, or computes and keeps it. */
    List<Hit> get(IndexSearcher searcher, ResolveQuery query, SearchOptions options, Function<Question, List<Hit>> compute) {
        Snapshot current = latest;
        if (current.searcher != searcher) {
            current = new Snapshot(searcher, new QueryCache<>(size));
            latest = current;
        }
        return current.answers.get(new Question(query, options), compute);
    }

    private record Snapshot(@Nullable IndexSearcher searcher, QueryCache<Question, List<Hit>> answers) {}
}
