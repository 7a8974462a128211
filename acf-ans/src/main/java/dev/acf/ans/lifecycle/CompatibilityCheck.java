package dev.acf.ans.lifecycle;

import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.AgentSkill;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides whether a new Agent Card is a backward-compatible change of the old one
 * (ANS-LIFE-1). Incompatible: a skill removed, a protocol binding dropped, accepted input
 * modes narrowed, produced output modes changed (for the card or any kept skill). Adding
 * skills, bindings or input modes, and changing descriptions, tags or examples are
 * compatible. Stateless and thread-safe.
 *
 * <pre>{@code
 * List<String> problems = CompatibilityCheck.incompatibilities(current.agentCard(), proposed);
 * if (!problems.isEmpty()) throw new ConflictException(ErrorCode.INCOMPATIBLE_CHANGE, String.join("; ", problems));
 * }</pre>
 */
public final class CompatibilityCheck {
    private CompatibilityCheck() {}

    /** Returns what makes {@code proposed} incompatible with {@code current}; empty when compatible. */
    public static List<String> incompatibilities(AgentCard current, AgentCard proposed) {
        List<String> problems = new ArrayList<>();
        Set<String> bindings = proposed.supportedInterfaces().stream().map(AgentInterface::protocolBinding).collect(Collectors.toSet());
        for (AgentInterface old : current.supportedInterfaces()) {
            if (!bindings.contains(old.protocolBinding())) {
                problems.add("protocol binding " + old.protocolBinding() + " removed");
            }
        }
        narrowed("card", current.defaultInputModes(), proposed.defaultInputModes(), "input", problems);
        changed("card", current.defaultOutputModes(), proposed.defaultOutputModes(), problems);
        Map<String, AgentSkill> next = proposed.skills().stream().collect(Collectors.toMap(AgentSkill::id, Function.identity(), (a, b) -> a));
        for (AgentSkill old : current.skills()) {
            AgentSkill now = next.get(old.id());
            if (now == null) {
                problems.add("skill '" + old.id() + "' removed");
                continue;
            }
            narrowed("skill '" + old.id() + "'", old.inputModes(), now.inputModes(), "input", problems);
            changed("skill '" + old.id() + "'", old.outputModes(), now.outputModes(), problems);
        }
        return List.copyOf(problems);
    }

    private static void narrowed(String where, List<String> before, List<String> after, String kind, List<String> problems) {
        Set<String> missing = new HashSet<>(before);
        missing.removeAll(after);
        if (!missing.isEmpty()) {
            problems.add(where + ": " + kind + " modes " + missing.stream().sorted().toList() + " no longer accepted");
        }
    }

    private static void changed(String where, List<String> before, List<String> after, List<String> problems) {
        if (!new HashSet<>(before).equals(new HashSet<>(after))) {
            problems.add(where + ": output modes changed from " + before + " to " + after);
        }
    }
}
