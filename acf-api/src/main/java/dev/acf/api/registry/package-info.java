/**
 * The registry store extension point (ANS-REG-3): {@link dev.acf.api.registry.RegistryStore},
 * the durable source of truth of an ANS, with optimistic concurrency
 * ({@link dev.acf.api.registry.Revision}) and a change feed ({@link dev.acf.api.registry.Change},
 * {@link dev.acf.api.registry.Cursor}); and {@link dev.acf.api.registry.InMemoryRegistryStore},
 * a non-durable implementation for tests and examples.
 */
@NullMarked
package dev.acf.api.registry;

import org.jspecify.annotations.NullMarked;
