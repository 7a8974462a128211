package dev.acf.benchmarks;

import dev.acf.api.a2a.AgentCapabilities;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic synthetic telecom agents for the resolution benchmarks: names, descriptions of
 * 30-60 words and 2-4 skills with tags and examples drawn from a telecom vocabulary. Skills are
 * instances of a fixed set of skill templates, so that their vectors cluster as real ones do
 * (many agents offering much the same skill). Same seed, same agents. Not thread-safe.
 *
 * <p>The content words of descriptions and examples come from one of two {@link Vocabulary
 * vocabularies}: {@code flat}, the 70 telecom words drawn uniformly (each then occurs in about
 * a third of all documents, which no real catalogue does), or {@code zipf} (the default), the
 * same words followed by a long tail of 10,000 product, feature and site names, drawn with
 * Zipf's law as the words of real text are: about half the draws are the telecom words (a few
 * common, most rarer), the other half the long tail. Intents, names, tags and the skill
 * templates' names are the same under both.
 */
final class SyntheticAgents {
    /** How the content words of descriptions are drawn. */
    enum Vocabulary {
        /** The 70 telecom words, uniformly: the generator of the first benchmarks. */
        FLAT,
        /** The telecom words, then 10,000 names, by Zipf's law (exponent 1) over the ranks. */
        ZIPF
    }

    static final Domain DOMAIN = Domain.of("ops.example.net");

    private static final String[] AREAS = {"broadband", "fibre", "mobile", "roaming", "billing", "voip", "iptv", "wifi",
            "sim", "number-porting", "enterprise-vpn", "5g", "dsl", "router", "outage", "network-slicing", "esim", "sms",
            "voicemail", "prepaid", "postpaid", "cell-tower", "backhaul", "ont", "sla"};
    private static final String[] ACTIONS = {"Diagnose", "Troubleshoot", "Provision", "Activate", "Monitor", "Repair",
            "Configure", "Explain", "Reset", "Upgrade", "Cancel", "Schedule", "Audit", "Forecast", "Escalate", "Refund"};
    private static final String[] OBJECTS = {"connection drops", "slow speeds", "latency spikes", "packet loss", "line faults",
            "signal strength", "data plans", "invoices", "charges", "installation appointments", "handsets", "firmware",
            "port forwarding", "static IP addresses", "coverage gaps", "contracts", "credit balance", "technician visits",
            "service orders", "capacity", "alarms", "tickets", "SIM swaps", "call quality", "channel lineups"};
    private static final String[] WORDS = {"customer", "subscriber", "network", "home", "business", "line", "service",
            "account", "router", "modem", "fibre", "copper", "cell", "tower", "plan", "tariff", "bill", "usage", "data",
            "voice", "outage", "incident", "ticket", "technician", "appointment", "speed", "bandwidth", "latency", "jitter",
            "signal", "coverage", "roaming", "contract", "upgrade", "device", "handset", "firmware", "configuration",
            "diagnostics", "telemetry", "alarm", "capacity", "core", "access", "backhaul", "provisioning", "activation",
            "porting", "number", "refund", "credit", "payment", "invoice", "dispute", "quality", "stability", "wifi",
            "channel", "interference", "reboot", "restart", "replacement", "shipment", "order", "status", "history"};
    private static final String[] VERBS = {"checks", "analyses", "resolves", "reports", "tracks", "explains", "updates",
            "verifies", "measures", "predicts", "correlates", "summarises", "detects", "handles", "reviews", "fixes"};
    private static final String[] LINKS = {"the", "of", "for", "with", "and", "across", "on", "in", "from", "to", "each"};
    private static final String[] COMPANIES = {"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Tyrell",
            "Cyberdyne", "Soylent", "Vandelay", "Oscorp"};

    /** A skill template: the shared text of a cluster of skills. */
    record Template(String id, String name, String description, List<String> tags, List<String> examples) {
        /** The text the index embeds for such a skill (name, description and examples). */
        String embeddingText() {
            return name + ". " + description + " " + String.join(" ", examples);
        }
    }

    /** The size of the long tail of the Zipf vocabulary. */
    private static final int TAIL = 10_000;
    private static final String[] SYLLABLES = {"ka", "lo", "ve", "tri", "zan", "mor", "el", "qu", "ix", "da", "ren", "sol",
            "pa", "ny", "gor", "fi", "hal", "be", "stra", "om", "cu", "wex", "ti", "ran", "dor", "sy", "vo", "lin", "ar", "mu"};

    private final List<Template> templates;
    private final String[] vocabulary;
    /** Cumulative draw probabilities of the vocabulary's ranks. */
    private final double @org.jspecify.annotations.Nullable [] cumulative;

    /** Creates the generator with the {@link Vocabulary#ZIPF} vocabulary. */
    SyntheticAgents(int templateCount, long seed) {
        this(templateCount, seed, Vocabulary.ZIPF);
    }

    SyntheticAgents(int templateCount, long seed, Vocabulary kind) {
        if (kind == Vocabulary.FLAT) {
            vocabulary = WORDS;
            cumulative = null;
        } else {
            vocabulary = zipfVocabulary();
            cumulative = new double[vocabulary.length];
            double sum = 0;
            for (int r = 0; r < vocabulary.length; r++) {
                sum += 1.0 / (r + 1);
                cumulative[r] = sum;
            }
            for (int r = 0; r < vocabulary.length; r++) {
                cumulative[r] /= sum;
            }
        }
        Random random = new Random(seed);
        List<Template> list = new ArrayList<>(templateCount);
        for (int i = 0; i < templateCount; i++) {
            String area = AREAS[i % AREAS.length];
            String action = ACTIONS[(i / AREAS.length) % ACTIONS.length];
            String object = OBJECTS[random.nextInt(OBJECTS.length)];
            String name = action + " " + area.replace('-', ' ') + " " + object;
            List<String> tags = List.of(area, action.toLowerCase(java.util.Locale.ROOT), object.split(" ")[0].toLowerCase(java.util.Locale.ROOT));
            List<String> examples = List.of(
                    "Can you " + action.toLowerCase(java.util.Locale.ROOT) + " the " + object + " on my " + area.replace('-', ' ') + "?",
                    "My " + area.replace('-', ' ') + " has " + object + " again, " + words(random, 4));
            list.add(new Template("t" + i + "-" + area + "-" + action.toLowerCase(java.util.Locale.ROOT), name,
                    name + ": " + sentence(random, 30 + random.nextInt(31) - name.split(" ").length), tags, examples));
        }
        this.templates = List.copyOf(list);
    }

    List<Template> templates() {
        return templates;
    }

    /** Returns agent number {@code i} (deterministic in i and the seed), with a certificate when given. */
    AgentRecord agent(int i, String certificatePem) {
        Random random = new Random(0x5EEDL * 31 + i);
        String area = AREAS[random.nextInt(AREAS.length)];
        String company = COMPANIES[random.nextInt(COMPANIES.length)];
        String label = "a" + i;
        String url = "https://" + label + ".agents.internal:9443/a2a";
        int skillCount = 2 + random.nextInt(3);
        List<AgentSkill> skills = new ArrayList<>(skillCount);
        for (int s = 0; s < skillCount; s++) {
            Template t = templates.get(random.nextInt(templates.size()));
            skills.add(AgentSkill.builder(t.id() + "-" + s, t.name(), t.description()).tags(t.tags()).examples(t.examples()).build());
        }
        String description = sentence(random, 30 + random.nextInt(31));
        AgentCard card = AgentCard.builder(company + " " + area.replace('-', ' ') + " agent " + i, description, "1.0.0")
                .supportedInterfaces(List.of(new AgentInterface(url, AgentInterface.JSONRPC, null, "1.0")))
                .capabilities(AgentCapabilities.none())
                .defaultInputModes(List.of("text/plain"))
                .defaultOutputModes(List.of("application/json"))
                .skills(skills)
                .build();
        return AgentRecord.builder()
                .name(name(i))
                .domain(DOMAIN)
                .agentCard(card)
                .endpoints(List.of(Endpoint.of(url, Endpoint.JSONRPC)))
                .certificate(certificatePem)
                .registeredAt(Instant.parse("2026-11-01T08:00:00Z"))
                .build();
    }

    /** Returns the versioned name of agent number {@code i}. */
    static AgentName name(int i) {
        return AgentName.parse("ans://v1.0.0.a" + i + "." + AREAS[Math.floorMod(i, AREAS.length)] + "." + DOMAIN.name());
    }

    /** Returns {@code count} distinct realistic intents, some with two needs. */
    List<String> intents(int count) {
        Random random = new Random(42);
        List<String> out = new ArrayList<>(count);
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (out.size() < count) {
            String area = AREAS[random.nextInt(AREAS.length)].replace('-', ' ');
            String object = OBJECTS[random.nextInt(OBJECTS.length)];
            String intent = switch (random.nextInt(4)) {
                case 0 -> "my " + area + " keeps having " + object + " since yesterday";
                case 1 -> "I need someone to " + ACTIONS[random.nextInt(ACTIONS.length)].toLowerCase(java.util.Locale.ROOT) + " the " + object + " on our " + area;
                case 2 -> "why are there " + object + " on my " + area + " account";
                default -> "fix the " + object + " on my " + area + " and also check " + OBJECTS[random.nextInt(OBJECTS.length)];
            };
            if (out.size() % 5 == 4) {
                intent = withTypo(intent); // every fifth user mistypes a word, as real ones do
            }
            if (seen.add(intent)) {
                out.add(intent);
            }
        }
        return out;
    }

    private static String withTypo(String intent) {
        String longest = "";
        for (String w : intent.split(" ")) {
            longest = w.length() > longest.length() ? w : longest;
        }
        int at = longest.length() / 2;
        String typo = longest.substring(0, at - 1) + longest.charAt(at) + longest.charAt(at - 1) + longest.substring(at + 1);
        return intent.replace(longest, typo);
    }

    private String sentence(Random random, int words) {
        StringBuilder b = new StringBuilder("Agent that");
        for (int w = 2; w < Math.max(words, 3); w++) {
            int kind = w % 3;
            b.append(' ').append(kind == 0 ? VERBS[random.nextInt(VERBS.length)]
                    : kind == 1 ? LINKS[random.nextInt(LINKS.length)] : word(random));
        }
        return b.append('.').toString();
    }

    private String words(Random random, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : " ").append(word(random));
        }
        return b.toString();
    }

    /** Draws one content word: uniformly, or by Zipf's law over the ranks. */
    private String word(Random random) {
        if (cumulative == null) {
            return vocabulary[random.nextInt(vocabulary.length)];
        }
        int at = java.util.Arrays.binarySearch(cumulative, random.nextDouble());
        return vocabulary[Math.min(at < 0 ? -at - 1 : at, vocabulary.length - 1)];
    }

    /**
     * The telecom words in a fixed shuffled order (so their frequencies range from common to
     * rare), then names made of two or three syllables: the products, features, sites and
     * vendors that make most of a real catalogue's distinct words.
     */
    private static String[] zipfVocabulary() {
        Random random = new Random(0x21BF);
        List<String> head = new ArrayList<>(List.of(WORDS));
        java.util.Collections.shuffle(head, random);
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(head);
        while (all.size() < head.size() + TAIL) {
            StringBuilder name = new StringBuilder();
            for (int s = 2 + random.nextInt(2); s > 0; s--) {
                name.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            all.add(name.toString());
        }
        return all.toArray(String[]::new);
    }
}
