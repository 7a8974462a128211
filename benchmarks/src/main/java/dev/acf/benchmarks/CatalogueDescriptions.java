package dev.acf.benchmarks;

import dev.acf.ans.resolve.EvaluationFiles;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.agent.AgentRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints the descriptions of agent catalogues in the {@code eval-resolution} format, one per
 * line as lower-case words: the text that {@link SyntheticAgents.Vocabulary#CATALOGUE} draws
 * description words from. Only words of Latin letters and digits are kept, since the synthetic
 * agents are described in English; a description left with fewer than three words is skipped.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.acf.benchmarks.CatalogueDescriptions acf-ans/src/test/resources/resolution/agents.json ... \
 *     &gt; benchmarks/src/main/resources/dev/acf/benchmarks/catalogue-descriptions.txt
 * </pre>
 */
public final class CatalogueDescriptions {
    private static final Pattern WORD = Pattern.compile("[a-z0-9]+(?:'[a-z]+)?");

    private CatalogueDescriptions() {}

    /**
     * Prints the descriptions of the given catalogues' agents and skills.
     *
     * @param args the catalogue files ({@code agents.json})
     */
    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: CatalogueDescriptions <agents.json>...");
            System.exit(2);
        }
        List<String> lines = new ArrayList<>();
        int agents = 0;
        for (String file : args) {
            for (AgentRecord agent : EvaluationFiles.readAgents(Path.of(file))) {
                agents++;
                add(agent.agentCard().description(), lines);
                for (AgentSkill skill : agent.agentCard().skills()) {
                    add(skill.description(), lines);
                }
            }
        }
        System.out.println("# the descriptions of the " + agents + " agents of " + args.length
                + " catalogues and of their skills, one per line; made by CatalogueDescriptions");
        lines.forEach(System.out::println);
    }

    private static void add(String text, List<String> lines) {
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT).replace('\u2019', '\''));
        List<String> words = new ArrayList<>();
        while (m.find()) {
            words.add(m.group());
        }
        if (words.size() >= 3) {
            lines.add(String.join(" ", words));
        }
    }
}
