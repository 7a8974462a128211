package dev.acf.benchmarks;

import dev.acf.api.a2a.AgentCapabilities;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic synthetic telecom agents for the resolution benchmarks: names, descriptions of
 * 30-60 words and 2-4 skills with tags and examples drawn from a telecom vocabulary. Skills are
 * instances of a fixed set of skill templates, so that their vectors cluster as real ones do
 * (many agents offering much the same skill). Same seed, same agents. Not thread-safe.
 *
 * <p>The words of descriptions and examples come from one of three {@link Vocabulary
 * vocabularies}: {@code flat}, the 70 telecom words drawn uniformly (each then occurs in about
 * a third of all documents, which no real catalogue does); {@code zipf}, the same words
 * followed by a long tail of 10,000 product, feature and site names, drawn with Zipf's law; or
 * {@code catalogue}, the words of one description of a real agent catalogue, picked at random,
 * drawn again to the synthetic length ({@code catalogue-descriptions.txt}, made by {@link
 * CatalogueDescriptions}): so each description keeps to one topic, and each word is about as
 * common among the skills as among real descriptions. Intents,
 * names, tags and the skill templates' names are the same under all three.
 */
final class SyntheticAgents implements Corpus {
    /** How the words of descriptions are drawn. */
    enum Vocabulary {
        /** The 70 telecom words, uniformly: the generator of the first benchmarks. */
        FLAT,
        /** The telecom words, then 10,000 names, by Zipf's law (exponent 1) over the ranks. */
        ZIPF,
        /**
         * The words of one real description, drawn with replacement to the synthetic length:
         * real topics and word frequencies at the benchmark's text lengths.
         */
        CATALOGUE
    }

    /** The real descriptions that {@link Vocabulary#CATALOGUE} draws from, one per line. */
    private static final String CATALOGUE_DESCRIPTIONS = "catalogue-descriptions.txt";

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
    private final Vocabulary kind;
    private final String[] vocabulary;
    /** The words of each real description ({@link Vocabulary#CATALOGUE} only). */
    private final String[][] descriptions;
    /** Cumulative draw probabilities of the vocabulary's ranks. */
    private final double @org.jspecify.annotations.Nullable [] cumulative;

    /** Creates the generator with the {@link Vocabulary#ZIPF} vocabulary. */
    SyntheticAgents(int templateCount, long seed) {
        this(templateCount, seed, Vocabulary.ZIPF);
    }

    SyntheticAgents(int templateCount, long seed, Vocabulary kind) {
        this.kind = kind;
        if (kind != Vocabulary.ZIPF) { // the catalogue vocabulary draws no word from these
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
        descriptions = kind == Vocabulary.CATALOGUE ? catalogueDescriptions() : new String[0][];
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
    @Override
    public AgentRecord agent(int i, String certificatePem) {
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
        AgentCard.Builder card = AgentCard.builder(company + " " + area.replace('-', ' ') + " agent " + i, description, "1.0.0")
                .capabilities(AgentCapabilities.none())
                .defaultInputModes(List.of("text/plain"))
                .defaultOutputModes(List.of("application/json"))
                .skills(skills);
        return Corpus.record(nameOf(i), DOMAIN, card, url, certificatePem);
    }

    @Override
    public AgentName name(int i) {
        return nameOf(i);
    }

    /** The template texts: every skill's vector clusters around its template's. */
    @Override
    public List<String> templateTexts() {
        return templates.stream().map(Template::embeddingText).toList();
    }

    /** Empty for the default {@link Vocabulary#ZIPF} vocabulary, else a dash and the vocabulary's name. */
    @Override
    public String suffix() {
        return kind == Vocabulary.ZIPF ? "" : "-" + kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Returns the versioned name of agent number {@code i}. */
    static AgentName nameOf(int i) {
        return AgentName.parse("ans://v1.0.0.a" + i + "." + AREAS[Math.floorMod(i, AREAS.length)] + "." + DOMAIN.name());
    }

    /** Returns {@code count} distinct realistic intents, some with two needs. */
    @Override
    public List<String> intents(int count) {
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
        if (kind == Vocabulary.CATALOGUE) {
            // One real description's words, verbs and function words included, keep it to one topic.
            String[] source = descriptions[random.nextInt(descriptions.length)];
            for (int w = 2; w < Math.max(words, 3); w++) {
                b.append(' ').append(source[random.nextInt(source.length)]);
            }
            return b.append('.').toString();
        }
        for (int w = 2; w < Math.max(words, 3); w++) {
            int slot = w % 3;
            b.append(' ').append(slot == 0 ? VERBS[random.nextInt(VERBS.length)]
                    : slot == 1 ? LINKS[random.nextInt(LINKS.length)] : word(random));
        }
        return b.append('.').toString();
    }

    private String words(Random random, int n) {
        StringBuilder b = new StringBuilder();
        String[] source = kind == Vocabulary.CATALOGUE ? descriptions[random.nextInt(descriptions.length)] : null;
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : " ").append(source != null ? source[random.nextInt(source.length)] : word(random));
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

    /** Reads the real descriptions, one per line of words; {@code #} starts a comment. */
    private static String[][] catalogueDescriptions() {
        try (java.io.InputStream in = SyntheticAgents.class.getResourceAsStream(CATALOGUE_DESCRIPTIONS)) {
            if (in == null) {
                throw new IllegalStateException(CATALOGUE_DESCRIPTIONS + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.trim().split(" +"))
                    .toArray(String[][]::new);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
