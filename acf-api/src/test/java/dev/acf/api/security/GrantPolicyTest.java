package dev.acf.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GrantPolicyTest {
    static final AgentName RCA = AgentName.parse("ans://v1.0.0.rca.ops.example.net");
    static final AgentName NOC = AgentName.parse("ans://v1.0.0.noc.ops.example.net");
    static final Instant MONDAY_NOON = Instant.parse("2025-06-02T12:00:00Z");

    static CallerIdentity agent(AgentName name, String domain, String... roles) {
        return new CallerIdentity(name.toString(), name, Domain.of(domain), Set.of(roles), ClassificationLevel.INTERNAL);
    }

    static Grant grant(String id, Grant.Caller caller, String target, List<String> methods, Grant.TimeWindow window, Integer rate) {
        return new Grant(id, 1, caller, target, methods, List.of(), window, rate, Grant.Status.ACTIVE, "admin", "admin", null,
                MONDAY_NOON, MONDAY_NOON);
    }

    static GrantPolicy denyByDefault(Clock clock) {
        return GrantPolicy.builder().defaultDecision(Domain.of("ops.example.net"), GrantPolicy.Decision.DENY).clock(clock).build();
    }

    @Test
    void withoutGrantTheDomainDefaultDecidesWithItsRuleId() {
        GrantPolicy policy = denyByDefault(Clock.fixed(MONDAY_NOON, ZoneOffset.UTC));
        assertThat(policy.decide(agent(NOC, "ops.example.net"), RCA, "call:SendMessage").ruleId()).isEqualTo("default-deny:ops.example.net");
        assertThat(policy.decide(CallerIdentity.anonymous(), AgentName.parse("ans://v1.0.0.x.other.net"), "discover"))
                .isEqualTo(AccessDecision.allow("default-allow:*"));
        GrantPolicy sameDomainAllowed = GrantPolicy.builder().defaultDecision(Domain.of("ops.example.net"),
                new GrantPolicy.DomainDefault(GrantPolicy.Decision.DENY, GrantPolicy.Decision.ALLOW)).build();
        assertThat(sameDomainAllowed.decide(agent(NOC, "ops.example.net"), RCA, "call:SendMessage").allowed()).isTrue();
        assertThat(sameDomainAllowed.decide(agent(AgentName.parse("ans://v1.0.0.a.peer.net"), "peer.net"), RCA, "call:SendMessage")
                .allowed()).isFalse();
    }

    @Test
    void rolesDomainsAndNameGlobsSelectCallersAndMethodGlobsSelectCalls() {
        GrantPolicy policy = denyByDefault(Clock.fixed(MONDAY_NOON, ZoneOffset.UTC));
        policy.replace(List.of(
                grant("perm-role", new Grant.Caller(null, null, "operator"), "ans://rca.ops.example.net", List.of("Get*"), null, null),
                grant("perm-domain", new Grant.Caller(null, Domain.of("repair.ops.example.net"), null), "*.ops.example.net", List.of(), null, null),
                grant("perm-name", new Grant.Caller("ans://noc*.ops.example.net", null, null), "rca.ops.example.net", List.of("SendMessage"), null, null)));

        assertThat(policy.decide(agent(AgentName.parse("ans://v1.0.0.x.it.example.net"), "it.example.net", "operator"), RCA, "call:GetTask")
                .ruleId()).isEqualTo("grant:perm-role");
        assertThat(policy.decide(agent(AgentName.parse("ans://v1.0.0.x.it.example.net"), "it.example.net", "operator"), RCA, "call:SendMessage")
                .allowed()).isFalse();
        assertThat(policy.decide(agent(AgentName.parse("ans://v1.0.0.fix.repair.ops.example.net"), "repair.ops.example.net"), RCA, "call:CancelTask")
                .ruleId()).isEqualTo("grant:perm-domain");
        assertThat(policy.decide(agent(NOC, "ops.example.net"), RCA, "call:SendMessage").ruleId()).isEqualTo("grant:perm-name");
        assertThat(policy.decide(agent(NOC, "ops.example.net"), RCA, "discover").allowed()).isTrue();
        assertThat(policy.decide(agent(NOC, "ops.example.net"), RCA, "call:GetTask").ruleId()).isEqualTo("default-deny:ops.example.net");
    }

    @Test
    void timeWindowAllowsOnlyWithinItsDaysAndHours() {
        Grant.TimeWindow office = new Grant.TimeWindow(Set.of(DayOfWeek.MONDAY), LocalTime.of(8, 0), LocalTime.of(18, 0), ZoneId.of("Europe/Paris"));
        Grant g = grant("perm-office", new Grant.Caller(NOC.withoutVersion().toString(), null, null), "rca.ops.example.net", List.of(), office, null);
        GrantPolicy atNoon = denyByDefault(Clock.fixed(MONDAY_NOON, ZoneOffset.UTC));
        GrantPolicy atNight = denyByDefault(Clock.fixed(Instant.parse("2025-06-02T20:00:00Z"), ZoneOffset.UTC));
        GrantPolicy onTuesday = denyByDefault(Clock.fixed(Instant.parse("2025-06-03T09:00:00Z"), ZoneOffset.UTC));
        for (GrantPolicy p : List.of(atNoon, atNight, onTuesday)) {
            p.replace(List.of(g));
        }

        assertThat(atNoon.decide(agent(NOC, "ops.example.net"), RCA, "call:SendMessage").ruleId()).isEqualTo("grant:perm-office");
        assertThat(atNight.decide(agent(NOC, "ops.example.net"), RCA, "call:SendMessage").ruleId()).isEqualTo("grant:perm-office:time-window");
        assertThat(onTuesday.decide(agent(NOC, "ops.example.net"), RCA, "call:SendMessage").allowed()).isFalse();
    }

    @Test
    void rateConditionRefusesCallsOverTheMinuteBudget() {
        GrantPolicy policy = denyByDefault(Clock.fixed(MONDAY_NOON, ZoneOffset.UTC));
        policy.replace(List.of(grant("perm-rate", new Grant.Caller(NOC.toString(), null, null), "rca.ops.example.net", List.of(), null, 2)));

        assertThat(policy.decide(agent(NOC, "ops.example.net"), RCA, "call:SendMessage").allowed()).isTrue();
        assertThat(policy.decide(agent(NOC, "ops.example.net"), RCA, "call:SendMessage").allowed()).isTrue();
        assertThat(policy.decide(agent(NOC, "ops.example.net"), RCA, "call:SendMessage").ruleId()).isEqualTo("grant:perm-rate:rate");
        assertThat(policy.decide(agent(NOC, "ops.example.net"), RCA, "discover").allowed()).as("discovery is not rate limited").isTrue();
    }

    @Test
    void replacingTheGrantsInvalidatesCachedDecisions() {
        GrantPolicy policy = denyByDefault(Clock.fixed(MONDAY_NOON, ZoneOffset.UTC));
        assertThat(policy.decide(agent(NOC, "ops.example.net"), RCA, "call:SendMessage").allowed()).isFalse();

        policy.replace(List.of(grant("perm-1", new Grant.Caller(NOC.toString(), null, null), "rca.ops.example.net", List.of(), null, null)));
        assertThat(policy.decide(agent(NOC, "ops.example.net"), RCA, "call:SendMessage").allowed()).isTrue();

        policy.replace(List.of());
        assertThat(policy.decide(agent(NOC, "ops.example.net"), RCA, "call:SendMessage").allowed()).isFalse();
    }
}
