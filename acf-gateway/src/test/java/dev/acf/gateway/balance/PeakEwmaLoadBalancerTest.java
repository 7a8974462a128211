package dev.acf.gateway.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.agent.Endpoint;
import dev.acf.api.gateway.LoadBalancer;
import dev.acf.api.gateway.LoadBalancerProvider;
import dev.acf.api.gateway.Route;
import dev.acf.api.name.AgentName;
import dev.acf.api.spi.ExtensionLoader;
import dev.acf.api.spi.ProviderConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The balancer's bookkeeping: ejection share and growth, in-flight weighting, discovery. */
class PeakEwmaLoadBalancerTest {
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.alpha.ops.example.net");

    private static Route route(int endpoints) {
        return new Route(NAME, IntStream.range(0, endpoints)
                .mapToObj(i -> Endpoint.of("http://10.0.0." + (i + 1) + ":8080/a2a", Endpoint.JSONRPC)).toList(), "");
    }

    private static PeakEwmaLoadBalancer balancer(double share) {
        return PeakEwmaLoadBalancer.builder()
                .outlierDetection(new OutlierDetection(3, Duration.ofSeconds(30), Duration.ofMinutes(2), share))
                .healthCheck(HealthCheck.disabled())
                .build();
    }

    /** Fails every endpoint {@code times} times in a row, choosing each first as the proxy would. */
    private static void failAll(PeakEwmaLoadBalancer balancer, Route route, int times) {
        for (int i = 0; i < times; i++) {
            for (Endpoint e : route.endpoints()) {
                balancer.choose(route, List.of(e));
                balancer.record(e, false, Duration.ofMillis(1));
            }
        }
    }

    @Test
    void atMostTheMaxEjectedShareOfAnAgentsEndpointsIsOut() {
        PeakEwmaLoadBalancer balancer = balancer(0.5);
        Route four = route(4);
        balancer.choose(four);

        failAll(balancer, four, 10);

        assertThat(four.endpoints().stream().filter(balancer::isEjected)).hasSize(2);
        // The endpoints left take every call.
        List<Endpoint> in = four.endpoints().stream().filter(e -> !balancer.isEjected(e)).toList();
        for (int i = 0; i < 50; i++) {
            Endpoint chosen = balancer.choose(four);
            balancer.record(chosen, true, Duration.ofMillis(1));
            assertThat(in).contains(chosen);
        }
    }

    @Test
    void oneOfTwoMayGoButTheLastEndpointIsNeverEjected() {
        PeakEwmaLoadBalancer balancer = balancer(0.1);
        Route two = route(2);
        balancer.choose(two);

        failAll(balancer, two, 10);

        assertThat(two.endpoints().stream().filter(balancer::isEjected)).hasSize(1);
    }

    @Test
    void ejectionTimeGrowsWithEachEjectionUpToTheCap() {
        PeakEwmaLoadBalancer balancer = balancer(0.5);
        Route two = route(2);
        balancer.choose(two);
        Endpoint failing = two.endpoints().get(0);
        EndpointHealth health = balancer.endpoints.get(failing.url());
        List<Long> lengths = new java.util.ArrayList<>();
        for (int round = 0; round < 6; round++) {
            long before = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                balancer.choose(two, List.of(failing));
                balancer.record(failing, false, Duration.ZERO);
            }
            assertThat(balancer.isEjected(failing)).isTrue();
            lengths.add(Duration.ofNanos(health.ejectedUntil - before).toSeconds());
            // Ended by hand, as if its time had passed just now.
            health.ejectedUntil = System.nanoTime();
        }

        assertThat(lengths).containsExactly(30L, 60L, 90L, 120L, 120L, 120L);
        assertThat(balancer.ejections()).isEqualTo(6);
    }

    @Test
    void aSuccessResetsTheFailuresInARow() {
        PeakEwmaLoadBalancer balancer = balancer(0.5);
        Route two = route(2);
        balancer.choose(two);
        Endpoint e = two.endpoints().get(0);
        for (int i = 0; i < 10; i++) {
            balancer.choose(two, List.of(e));
            balancer.record(e, i % 2 == 0, Duration.ofMillis(1));
        }

        assertThat(balancer.isEjected(e)).isFalse();
    }

    @Test
    void callsInFlightWeighTheLatency() {
        PeakEwmaLoadBalancer balancer = balancer(0.5);
        Route two = route(2);
        Endpoint a = two.endpoints().get(0);
        Endpoint b = two.endpoints().get(1);
        balancer.choose(two, List.of(a));
        balancer.record(a, true, Duration.ofMillis(10));
        balancer.choose(two, List.of(b));
        balancer.record(b, true, Duration.ofMillis(10));
        // Three calls in progress on a: b, equally fast, takes the next ones.
        for (int i = 0; i < 3; i++) {
            balancer.choose(two, List.of(a));
        }

        Map<Endpoint, Integer> picks = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            Endpoint chosen = balancer.choose(two);
            picks.merge(chosen, 1, Integer::sum);
            balancer.record(chosen, true, Duration.ofMillis(10));
        }

        assertThat(picks.getOrDefault(b, 0)).isEqualTo(20);
    }

    @Test
    void peakEwmaIsTheDiscoveredDefaultAndRoundRobinStaysSelectableByName() {
        ClassLoader loader = getClass().getClassLoader();
        LoadBalancer discovered = ExtensionLoader.<LoadBalancer, LoadBalancerProvider>resolve(null, LoadBalancerProvider.class, loader,
                null, ProviderConfig.of(Map.of(PeakEwmaLoadBalancerProvider.HEALTH_INTERVAL, "0s")));
        LoadBalancer named = ExtensionLoader.<LoadBalancer, LoadBalancerProvider>resolve(null, LoadBalancerProvider.class, loader,
                "round-robin", ProviderConfig.empty());

        assertThat(discovered).isInstanceOf(PeakEwmaLoadBalancer.class);
        assertThat(named).isInstanceOf(RoundRobinLoadBalancer.class);
    }
}
