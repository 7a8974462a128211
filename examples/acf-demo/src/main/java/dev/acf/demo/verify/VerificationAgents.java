package dev.acf.demo.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.a2a.DataPart;
import dev.acf.api.a2a.Message;
import dev.acf.api.a2a.Role;
import dev.acf.api.a2a.TextPart;
import dev.acf.api.json.AcfJson;
import dev.acf.api.verify.Expectation;
import dev.acf.api.verify.ProbeIdentity;
import dev.acf.api.verify.SkillTestCase;
import dev.acf.api.verify.SkillTests;
import dev.acf.client.host.AgentHandler;
import dev.acf.client.host.TaskContext;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Three small agents with skill test cases in their cards, to show capability verification
 * (ANS-MON-3) at work:
 * <ul>
 *   <li>{@link #signalConverter}: converts a power level in milliwatts to dBm, as it claims; its
 *       read-only test cases pass and ANS marks skill {@code dbm-convert} verified;</li>
 *   <li>{@link #brokenLineTester}: deliberately broken. Its skill {@code line-test} claims to
 *       measure a line's attenuation, but it only says the test was queued: its test cases fail and
 *       ANS marks the skill failed, so a {@code verifiedOnly} resolution leaves it out;</li>
 *   <li>{@link TicketDesk}: opens trouble tickets ({@code ticket-open}, a write with no dry run:
 *       its test case is never probed) and cancels them ({@code ticket-cancel}, probed as a dry
 *       run, which it honours by changing nothing).</li>
 * </ul>
 */
public final class VerificationAgents {
    /** The skill of the signal converter. */
    public static final String DBM_CONVERT = "dbm-convert";
    /** The skill the broken line tester claims. */
    public static final String LINE_TEST = "line-test";
    /** The ticket desk's write skill, never probed. */
    public static final String TICKET_OPEN = "ticket-open";
    /** The ticket desk's skill probed as a dry run. */
    public static final String TICKET_CANCEL = "ticket-cancel";

    private static final Pattern MILLIWATTS = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*mW", Pattern.CASE_INSENSITIVE);

    private VerificationAgents() {}

    /** The signal converter's card, declaring its test cases. */
    public static AgentCard signalConverterCard(AgentInterface endpoint) {
        AgentCard card = card("signal converter", "Converts optical and radio power levels between milliwatts and dBm.", endpoint,
                AgentSkill.builder(DBM_CONVERT, "mW to dBm", "Converts a power level in milliwatts to dBm, rounded to 0.01 dB.")
                        .tags(List.of("signal", "power", "dbm", "conversion")).examples(List.of("convert 2 mW to dBm")).build());
        return SkillTests.declare(card, List.of(
                new SkillTestCase("dbm-2mw", DBM_CONVERT, List.of(TextPart.of("convert 2 mW to dBm")),
                        List.of(Expectation.containing("3.01 dBm"), Expectation.jsonPathEquals("$.dbm", number(3.01)),
                                Expectation.satisfying(json("{\"type\": \"object\", \"required\": [\"mw\", \"dbm\"]}"))), true, false),
                new SkillTestCase("dbm-1mw", DBM_CONVERT, List.of(TextPart.of("what is 1 mW in dBm?")),
                        List.of(Expectation.matching("^1(\\.0+)? mW = 0(\\.0+)? dBm")), true, false)));
    }

    /** The signal converter: does what its card says. */
    public static AgentHandler signalConverter() {
        return (ctx, message) -> {
            Matcher m = MILLIWATTS.matcher(TaskContext.text(message));
            if (!m.find()) {
                return ctx.reply("say a power level such as '2 mW'");
            }
            double mw = Double.parseDouble(m.group(1));
            double dbm = Math.round(1000 * Math.log10(mw)) / 100.0;
            ObjectNode data = AcfJson.mapper().createObjectNode().put("mw", mw).put("dbm", dbm);
            String text = String.format(Locale.ROOT, "%s mW = %.2f dBm", m.group(1), dbm);
            return reply(ctx, text, data);
        };
    }

    /** The broken line tester's card: its skill claims measurements it never makes. */
    public static AgentCard brokenLineTesterCard(AgentInterface endpoint) {
        AgentCard card = card("line tester", "Runs line tests on copper and fiber access lines.", endpoint,
                AgentSkill.builder(LINE_TEST, "Line test", "Measures a subscriber line's attenuation in dB and reports it at once.")
                        .tags(List.of("line", "test", "attenuation", "measurement")).examples(List.of("test line 42")).build());
        return SkillTests.declare(card, List.of(
                new SkillTestCase("line-42", LINE_TEST, List.of(TextPart.of("test line 42")),
                        List.of(Expectation.matching("attenuation \\d+(\\.\\d+)? dB"), Expectation.jsonPathExists("$.attenuationDb", true)),
                        true, false)));
    }

    /** The broken line tester: answers, but not with the measurement its card promises. */
    public static AgentHandler brokenLineTester() {
        return (ctx, message) -> ctx.reply("line test queued");
    }

    /** The ticket desk's card: a write skill with no dry run, and one tested as a dry run. */
    public static AgentCard ticketDeskCard(AgentInterface endpoint) {
        AgentCard card = card("ticket desk", "Opens and cancels trouble tickets for broadband faults.", endpoint,
                AgentSkill.builder(TICKET_OPEN, "Open ticket", "Opens a trouble ticket for a fault.").tags(List.of("ticket")).build(),
                AgentSkill.builder(TICKET_CANCEL, "Cancel ticket", "Cancels a trouble ticket.").tags(List.of("ticket")).build());
        return SkillTests.declare(card, List.of(
                new SkillTestCase("open-1", TICKET_OPEN, List.of(TextPart.of("open a ticket: no sync on line 7")),
                        List.of(Expectation.matching("ticket T-\\d+ opened")), false, false),
                new SkillTestCase("cancel-1", TICKET_CANCEL, List.of(TextPart.of("cancel ticket T-1")),
                        List.of(Expectation.containing("would cancel ticket T-1")), false, true)));
    }

    /** A ticket desk that counts what it really changed, so a test can tell probes changed nothing. Thread-safe. */
    public static final class TicketDesk implements AgentHandler {
        private final AtomicInteger opened = new AtomicInteger();
        private final AtomicInteger cancelled = new AtomicInteger();
        private final AtomicInteger dryRuns = new AtomicInteger();

        @Override
        public Message onMessage(TaskContext ctx, Message message) {
            String text = TaskContext.text(message);
            boolean dryRun = Boolean.TRUE.equals(message.metadata().get(ProbeIdentity.DRY_RUN_METADATA));
            if (text.startsWith("cancel")) {
                String ticket = text.replaceAll(".*(T-\\d+).*", "$1");
                if (dryRun) {
                    dryRuns.incrementAndGet();
                    return ctx.reply("dry run: would cancel ticket " + ticket);
                }
                cancelled.incrementAndGet();
                return ctx.reply("ticket " + ticket + " cancelled");
            }
            if (dryRun) {
                dryRuns.incrementAndGet();
                return ctx.reply("dry run: would open a ticket");
            }
            return ctx.reply("ticket T-" + opened.incrementAndGet() + " opened");
        }

        /** Returns how many tickets were really opened. */
        public int opened() {
            return opened.get();
        }

        /** Returns how many tickets were really cancelled. */
        public int cancelled() {
            return cancelled.get();
        }

        /** Returns how many dry runs were answered. */
        public int dryRuns() {
            return dryRuns.get();
        }
    }

    private static Message reply(TaskContext ctx, String text, JsonNode data) {
        return Message.builder(UUID.randomUUID().toString(), Role.AGENT).contextId(ctx.contextId())
                .parts(List.of(TextPart.of(text), DataPart.of(data))).build();
    }

    private static AgentCard card(String name, String description, AgentInterface endpoint, AgentSkill... skills) {
        return AgentCard.builder(name, description, "1.0.0").supportedInterfaces(List.of(endpoint))
                .defaultInputModes(List.of("text/plain")).defaultOutputModes(List.of("text/plain", "application/json"))
                .skills(List.of(skills)).build();
    }

    private static JsonNode json(String text) {
        return AcfJson.readTree(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static JsonNode number(double value) {
        return AcfJson.mapper().getNodeFactory().numberNode(value);
    }
}
