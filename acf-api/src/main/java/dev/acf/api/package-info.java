/**
 * The root of the ACF API: what every module shares. Sub-packages hold the agent model
 * ({@code agent}, {@code name}), the A2A wire types ({@code a2a}), the errors
 * ({@code error}), the JSON codec ({@code json}) and the extension points grouped by
 * concept ({@code registry}, {@code resolve}, {@code ca}, {@code gateway}, {@code session},
 * {@code security}, {@code audit}, {@code sync}, {@code spi}).
 */
@NullMarked
package dev.acf.api;

import org.jspecify.annotations.NullMarked;
