/**
 * The durable registry stores of ANS (ANS-REG-3): {@link dev.acf.ans.registry.EmbeddedRegistryStore},
 * the default, an fsync'd append-only log under one directory that survives {@code kill -9} and
 * power loss, and {@link dev.acf.ans.registry.JdbcRegistryStore}, which keeps the registry in
 * PostgreSQL so several ANS nodes share it. Both implement {@link dev.acf.api.registry.RegistryStore},
 * are found through their {@code *Provider}s and pass the store compatibility kit.
 */
@NullMarked
package dev.acf.ans.registry;

import org.jspecify.annotations.NullMarked;
