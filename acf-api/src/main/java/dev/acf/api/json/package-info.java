/**
 * The JSON codec every ACF module shares: {@link dev.acf.api.json.AcfJson}, one configured
 * Jackson mapper and reading helpers that turn malformed input into typed errors.
 */
@NullMarked
package dev.acf.api.json;

import org.jspecify.annotations.NullMarked;
