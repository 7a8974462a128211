package com.example.filters;

import dev.acf.api.gateway.FilterStage;
import dev.acf.api.gateway.GatewayFilter;
import dev.acf.api.gateway.GatewayFilterProvider;
import dev.acf.api.spi.ProviderConfig;

/** Contributes {@link TeamFilter} to the SECURITY stage when a gateway enables "team". */
public final class TeamFilterProvider implements GatewayFilterProvider {
    @Override
    public String name() {
        return "team";
    }

    @Override
    public FilterStage stage() {
        return FilterStage.SECURITY;
    }

    @Override
    public GatewayFilter create(ProviderConfig config) {
        return new TeamFilter();
    }
}
