package com.example.filters;

import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.GatewayFilter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A third-party filter that knows only acf-api: refuses callers without an {@code x-team}
 * header (403), tells the agent which team called, marks the response, and records every
 * status it sees.
 */
public final class TeamFilter implements GatewayFilter {
    private final List<Integer> observed = new CopyOnWriteArrayList<>();

    @Override
    public Exchange.Response filter(Exchange exchange, Chain chain) {
        String team = exchange.request().headers().first("x-team").orElse(null);
        if (team == null) {
            return Exchange.Response.error(403, "permission_denied", "x-team header required");
        }
        Exchange.Response response = chain.proceed(exchange.withRequest(exchange.request().withHeader("x-team-checked", team)));
        observed.add(response.status());
        return response.withHeader("x-filtered-by", "team-filter");
    }

    /** Returns the statuses of the responses this filter saw, in order. */
    public List<Integer> observed() {
        return List.copyOf(observed);
    }
}
