package dev.acf.gateway.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.security.CallerIdentity;
import dev.acf.api.security.ClassificationLevel;
import dev.acf.api.security.SensitiveMatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What a clearance lets through, how JSON stays JSON, and how levels and clearances are configured. */
class RedactorTest {
    private static final Redactor REDACTOR = Redactor.builder().discover(false).build();
    private static final String TEXT = "subscriber 310150123456789 <alice@example.net> paid with 4111111111111111";

    @Test
    void eachClearanceSeesItsLevelAndBelow() {
        Tally internal = new Tally();
        assertThat(REDACTOR.redact(TEXT, null, ClassificationLevel.INTERNAL, internal))
                .isEqualTo("subscriber [REDACTED:imsi] <[REDACTED:email]> paid with [REDACTED:card]");
        assertThat(internal.counts()).containsOnlyKeys("imsi.mcc", "email", "card.luhn");

        Tally confidential = new Tally();
        assertThat(REDACTOR.redact(TEXT, null, ClassificationLevel.CONFIDENTIAL, confidential))
                .isEqualTo("subscriber 310150123456789 <alice@example.net> paid with [REDACTED:card]");
        assertThat(confidential.summary()).isEqualTo("card.luhn=1");

        Tally secret = new Tally();
        assertThat(REDACTOR.redact(TEXT, null, ClassificationLevel.SECRET, secret)).isSameAs(TEXT);
        assertThat(secret.isEmpty()).isTrue();
    }

    @Test
    void aClearanceAboveEveryLevelTheDetectorsReportNeedsNoScanButAnUnknownDetectorKeepsIt() {
        Redactor lowered = Redactor.builder().discover(false)
                .level("credential", ClassificationLevel.CONFIDENTIAL).level("card", ClassificationLevel.CONFIDENTIAL).build();
        byte[] json = "{\"text\":\"card 4111111111111111, mail alice@example.net\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(lowered.clearsAll(ClassificationLevel.CONFIDENTIAL)).isTrue();
        assertThat(lowered.redact(TEXT, null, ClassificationLevel.CONFIDENTIAL, new Tally())).isSameAs(TEXT);
        assertThat(lowered.clean(new java.io.ByteArrayInputStream(json), ClassificationLevel.CONFIDENTIAL)).isTrue();
        assertThat(lowered.clearsAll(ClassificationLevel.INTERNAL)).isFalse();
        assertThat(lowered.clean(new java.io.ByteArrayInputStream(json), ClassificationLevel.INTERNAL)).isFalse();
        assertThat(REDACTOR.clearsAll(ClassificationLevel.CONFIDENTIAL)).isFalse();
        assertThat(REDACTOR.clean(new java.io.ByteArrayInputStream(json), ClassificationLevel.CONFIDENTIAL)).isFalse();
        assertThat(REDACTOR.clearsAll(ClassificationLevel.SECRET)).isTrue();

        Redactor withOwn = Redactor.builder().discover(false).level("credential", ClassificationLevel.CONFIDENTIAL)
                .level("card", ClassificationLevel.CONFIDENTIAL)
                .detector((text, field) -> text.contains("codename")
                        ? List.of(new SensitiveMatch(0, text.length(), "project", ClassificationLevel.SECRET, "project"))
                        : List.of())
                .build();
        assertThat(withOwn.clearsAll(ClassificationLevel.CONFIDENTIAL)).isFalse();
        assertThat(withOwn.redact("codename blue", null, ClassificationLevel.CONFIDENTIAL, new Tally())).isEqualTo("[REDACTED:project]");
    }

    @Test
    void jsonStaysValidAndOnlyValuesChange() {
        String json = """
                {"jsonrpc":"2.0","id":7,"result":{"kind":"message","parts":[{"kind":"text",
                "text":"IMSI 310150123456789, mail \\"noc@ops.example.net\\"\\nline two"}],
                "metadata":{"msisdn":447700900123,"password":"hunter2","count":3,"ips":["10.0.0.1","fe80::1"],"ok":true}}}
                """;
        Tally tally = new Tally();
        byte[] out = REDACTOR.redactJson(json.getBytes(StandardCharsets.UTF_8), ClassificationLevel.INTERNAL, tally);

        JsonNode tree = AcfJson.readTree(out);
        assertThat(tree.path("id").asInt()).isEqualTo(7);
        assertThat(tree.path("result").path("parts").get(0).path("text").asText())
                .isEqualTo("IMSI [REDACTED:imsi], mail \"[REDACTED:email]\"\nline two");
        JsonNode metadata = tree.path("result").path("metadata");
        assertThat(metadata.path("msisdn").asText()).isEqualTo("[REDACTED:msisdn]");
        assertThat(metadata.path("password").asText()).isEqualTo("[REDACTED:credential]");
        assertThat(metadata.path("count").asInt()).isEqualTo(3);
        assertThat(metadata.path("ips").get(0).asText()).isEqualTo("[REDACTED:ipv4]");
        assertThat(metadata.path("ips").get(1).asText()).isEqualTo("[REDACTED:ipv6]");
        assertThat(metadata.path("ok").asBoolean()).isTrue();
        assertThat(tally.summary()).isEqualTo("credential.field=1,email=1,imsi.mcc=1,ip.v4=1,ip.v6=1,phone.context=1");
    }

    @Test
    void jsonWithNothingToRedactIsReturnedAsIs() {
        byte[] json = "{\"a\":\"plain text\",\"n\":12}".getBytes(StandardCharsets.UTF_8);
        assertThat(REDACTOR.redactJson(json, ClassificationLevel.PUBLIC, new Tally())).isSameAs(json);
    }

    @Test
    void theStreamingCheckSeesValuesWithTheFieldNamesTheRedactionUses() {
        // Flags every value of a field named "pin", whatever the text: array elements carry their array's name.
        Redactor pins = Redactor.builder().discover(false).builtIns(false).detector((text, field) -> "pin".equals(field)
                ? List.of(new SensitiveMatch(0, text.length(), "pin", ClassificationLevel.SECRET, "pin.field")) : List.of()).build();
        String json = "{\"a\":{\"pin\":[\"1\",[\"2\"],{\"x\":\"3\"}],\"n\":\"pin\"},\"pin\":12345678,\"short\":1}";
        Tally tally = new Tally();
        String out = new String(pins.redactJson(json.getBytes(StandardCharsets.UTF_8), ClassificationLevel.PUBLIC, tally), StandardCharsets.UTF_8);
        assertThat(out).isEqualTo("{\"a\":{\"pin\":[\"[REDACTED:pin]\",[\"[REDACTED:pin]\"],{\"x\":\"3\"}],\"n\":\"pin\"},"
                + "\"pin\":\"[REDACTED:pin]\",\"short\":1}");
        assertThat(tally.total()).isEqualTo(3);
        assertThat(pins.clean(new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), ClassificationLevel.PUBLIC)).isFalse();
        String none = "{\"a\":{\"x\":[\"1\",[\"2\"]],\"pin\":{\"y\":\"3\"},\"pin\":7}}";
        assertThat(pins.clean(new java.io.ByteArrayInputStream(none.getBytes(StandardCharsets.UTF_8)), ClassificationLevel.PUBLIC)).isTrue();
        assertThat(pins.clean(new java.io.ByteArrayInputStream("{\"a\":1} {}".getBytes(StandardCharsets.UTF_8)), ClassificationLevel.PUBLIC))
                .isFalse();
        assertThat(pins.clean(new java.io.ByteArrayInputStream("{\"a\":".getBytes(StandardCharsets.UTF_8)), ClassificationLevel.PUBLIC))
                .isFalse();
    }

    @Test
    void overlappingMatchesBecomeOneRedactionLabelledWithTheMostRestrictive() {
        // The card number also reads as an E.164 number after the '+'.
        Tally tally = new Tally();
        assertThat(REDACTOR.redact("pay +4111111111111111 now", null, ClassificationLevel.PUBLIC, tally))
                .isEqualTo("pay +[REDACTED:card] now");
        assertThat(tally.total()).isEqualTo(1);
    }

    @Test
    void levelsCanBeChangedPerKind() {
        Redactor relaxed = Redactor.builder().discover(false).level("ipv4", ClassificationLevel.INTERNAL).build();
        assertThat(relaxed.redact("at 10.0.0.1", null, ClassificationLevel.INTERNAL, new Tally())).isEqualTo("at 10.0.0.1");
        assertThat(relaxed.redact("at 10.0.0.1", null, ClassificationLevel.PUBLIC, new Tally())).isEqualTo("at [REDACTED:ipv4]");
    }

    @Test
    void detectorsArePluggable() {
        Pattern employee = Pattern.compile("E-\\d{6}");
        Redactor withOwn = Redactor.builder().discover(false).builtIns(false).detector((text, field) -> {
            Matcher m = employee.matcher(text);
            return m.find() ? List.of(new SensitiveMatch(m.start(), m.end(), "employee", ClassificationLevel.CONFIDENTIAL, "hr.id"))
                    : List.of();
        }).build();
        Tally tally = new Tally();
        assertThat(withOwn.redact("owner E-123456, noc@example.net", null, ClassificationLevel.INTERNAL, tally))
                .isEqualTo("owner [REDACTED:employee], noc@example.net");
        assertThat(tally.summary()).isEqualTo("hr.id=1");
    }

    @Test
    void clearanceRulesMatchSubjectsAndRolesInOrder() {
        Clearances rules = Clearances.parse(List.of("ans://*.noc.ops.example.net=CONFIDENTIAL", "role:auditor=secret"));
        CallerIdentity noc = CallerIdentity.ofAgent(AgentName.parse("ans://v1.0.0.probe.noc.ops.example.net"), Domain.of("ops.example.net"),
                ClassificationLevel.INTERNAL);
        CallerIdentity other = CallerIdentity.ofAgent(AgentName.parse("ans://v1.0.0.billing.ops.example.net"), Domain.of("ops.example.net"),
                ClassificationLevel.INTERNAL);
        CallerIdentity auditor = new CallerIdentity("carol", null, null, Set.of("auditor"), ClassificationLevel.PUBLIC);

        assertThat(rules.apply(noc).clearance()).isEqualTo(ClassificationLevel.CONFIDENTIAL);
        assertThat(rules.apply(other).clearance()).isEqualTo(ClassificationLevel.INTERNAL);
        assertThat(rules.apply(auditor).clearance()).isEqualTo(ClassificationLevel.SECRET);
        assertThat(rules.apply(CallerIdentity.anonymous()).clearance()).isEqualTo(ClassificationLevel.PUBLIC);
        assertThatThrownBy(() -> Clearances.parse(List.of("ans://x=TOPSECRET"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("TOPSECRET");
        assertThatThrownBy(() -> Clearances.parse(List.of("no-level"))).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void settingsComeFromConfiguration() {
        ContentRedaction settings = ContentRedaction.fromConfig(dev.acf.api.spi.ProviderConfig.of(java.util.Map.of(
                ContentRedaction.CLEARANCES, "noc-*=CONFIDENTIAL", ContentRedaction.LEVELS, "email=PUBLIC")), ContentRedaction.defaults());
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.redactor().redact("a@example.net", null, ClassificationLevel.PUBLIC, new Tally())).isEqualTo("a@example.net");
        assertThat(settings.clearances().apply(new CallerIdentity("noc-1", null, null, Set.of(), ClassificationLevel.PUBLIC)).clearance())
                .isEqualTo(ClassificationLevel.CONFIDENTIAL);
        assertThat(ContentRedaction.fromConfig(dev.acf.api.spi.ProviderConfig.of(java.util.Map.of(ContentRedaction.ENABLED, "false")),
                ContentRedaction.defaults()).enabled()).isFalse();
        assertThatThrownBy(() -> ContentRedaction.fromConfig(dev.acf.api.spi.ProviderConfig.of(java.util.Map.of(
                ContentRedaction.LEVELS, "email=HIGH")), ContentRedaction.defaults())).isInstanceOf(ConfigurationException.class);
    }
}
