package dev.acf.demo.live;

import dev.acf.api.resolve.ResolveResult;
import dev.acf.client.AcfClient;
import dev.acf.client.ResolveOptions;
import dev.acf.demo.agent.IntentRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How well semantic resolution in the ANS sends a scenario's intents to the agents meant to
 * answer them: each intent resolved within the zone, as the callers resolve it. Immutable.
 *
 * @param zone the zone resolved in
 * @param entries one per intent of {@link dev.acf.demo.agent.Scenario#intents()}
 */
public record ResolutionReport(String zone, List<Entry> entries) {
    /** Validates and copies the components. */
    public ResolutionReport {
        Objects.requireNonNull(zone, "zone");
        entries = List.copyOf(entries);
    }

    /**
     * One intent and where it went.
     *
     * @param route the intent, its caller and the agent meant to answer
     * @param resolved the agent resolution put first, or {@code null} when none matched
     * @param score its score
     * @param runnerUp the agent put second, if any
     * @param runnerUpScore its score, 0 when there is none
     */
    public record Entry(IntentRoute route, @Nullable String resolved, double score, @Nullable String runnerUp, double runnerUpScore) {
        /** Returns whether the intent reached the agent meant to answer it. */
        public boolean correct() {
            return route.agentId().equals(resolved);
        }
    }

    static ResolutionReport of(List<IntentRoute> routes, AcfClient client, ZoneNames names) {
        List<Entry> entries = new ArrayList<>();
        for (IntentRoute route : routes) {
            List<ResolveResult> found = client.resolve(route.intent(), ResolveOptions.defaults().limit(2).filters(names.zoneFilter()));
            entries.add(new Entry(route,
                    found.isEmpty() ? null : names.idOf(found.get(0).name()), found.isEmpty() ? 0 : found.get(0).score(),
                    found.size() < 2 ? null : names.idOf(found.get(1).name()), found.size() < 2 ? 0 : found.get(1).score()));
        }
        return new ResolutionReport(names.zone(), entries);
    }

    /** Returns how many intents reached the agent meant to answer them. */
    public int correct() {
        return (int) entries.stream().filter(Entry::correct).count();
    }

    /** Returns the share of intents that reached the agent meant to answer them, 0-1. */
    public double accuracy() {
        return entries.isEmpty() ? 1 : (double) correct() / entries.size();
    }

    /** Returns the intents that went elsewhere. */
    public List<Entry> misses() {
        return entries.stream().filter(e -> !e.correct()).toList();
    }

    /** Returns one line: {@code 21/21 intents reached the agent meant to answer them (100 %)}. */
    public String summary() {
        return String.format(Locale.ROOT, "%d/%d intents resolved to the agent meant to answer them (%.0f %%)",
                correct(), entries.size(), accuracy() * 100);
    }
}
