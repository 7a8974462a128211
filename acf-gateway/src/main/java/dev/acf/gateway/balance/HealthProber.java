package dev.acf.gateway.balance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes the balancer's endpoints off the request path: one daemon scheduler thread ticks every
 * interval and starts one virtual thread per endpoint not already being probed, so a probe that
 * hangs until its timeout never delays the others. Stops by itself once no endpoint is left (each
 * is forgotten after ten minutes unused) so an idle gateway holds no thread.
 */
final class HealthProber implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthProber.class);
    private static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final PeakEwmaLoadBalancer balancer;
    private final HealthCheck checks;
    private @Nullable ScheduledExecutorService scheduler;
    private @Nullable HttpClient http;

    HealthProber(PeakEwmaLoadBalancer balancer, HealthCheck checks) {
        this.balancer = balancer;
        this.checks = checks;
    }

    /** Starts ticking unless it does already or probes are disabled. */
    synchronized void ensureRunning() {
        if (!checks.enabled() || scheduler != null) {
            return;
        }
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("acf-health-probe").factory());
        long period = checks.interval().toNanos();
        s.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.NANOSECONDS);
        scheduler = s;
    }

    private void tick() {
        try {
            balancer.forgetIdle(System.nanoTime() - IDLE_NANOS);
            if (balancer.endpoints.isEmpty()) {
                stopIfIdle();
                return;
            }
            for (EndpointHealth h : balancer.endpoints.values()) {
                if (h.probing.compareAndSet(false, true)) {
                    Thread.ofVirtual().name("acf-health-probe").start(() -> probe(h));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("health probe round failed", e);
        }
    }

    private synchronized void stopIfIdle() {
        if (balancer.endpoints.isEmpty() && scheduler != null) {
            scheduler.shutdown();
            scheduler = null;
        }
    }

    private void probe(EndpointHealth h) {
        try {
            boolean ok = checks.path() == null ? connects(h.endpoint.url()) : answers(h.endpoint.url().resolve(checks.path()));
            long now = System.nanoTime();
            if (ok) {
                balancer.probePassed(h, now);
            } else {
                balancer.probeFailed(h, now);
            }
        } finally {
            h.probing.set(false);
        }
    }

    private boolean connects(URI url) {
        int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), port), (int) checks.timeout().toMillis());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("probe of {} failed: {}", url, e.toString());
            return false;
        }
    }

    private boolean answers(URI url) {
        try {
            HttpResponse<Void> response = client().send(HttpRequest.newBuilder(url).timeout(checks.timeout()).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() < 500;
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("probe of {} failed: {}", url, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private synchronized HttpClient client() {
        HttpClient c = http;
        if (c == null) {
            c = HttpClient.newBuilder().connectTimeout(checks.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
            http = c;
        }
        return c;
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        if (http != null) {
            http.close();
            http = null;
        }
    }
}
