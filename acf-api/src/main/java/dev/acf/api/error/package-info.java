/**
 * ACF's errors: {@link dev.acf.api.error.AcfException} and its subclasses by area, each
 * with a stable {@link dev.acf.api.error.ErrorCode}, and {@link dev.acf.api.error.ErrorBody},
 * the one JSON error shape of every HTTP API (API-4).
 */
@NullMarked
package dev.acf.api.error;

import org.jspecify.annotations.NullMarked;
