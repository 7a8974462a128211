package dev.acf.api.gateway;

import dev.acf.api.spi.ExtensionProvider;

/** Creates a {@link RouteResolver}; found with {@link java.util.ServiceLoader}. */
public interface RouteResolverProvider extends ExtensionProvider<RouteResolver> {}
