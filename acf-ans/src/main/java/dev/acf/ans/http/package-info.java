/**
 * The HTTP binding of the ANS API (SPEC section 3.6) on Jetty: routes, size limits, signed
 * answers ({@code ACF-Signature}), the SSE event stream and the API-4 error body everywhere.
 */
@NullMarked
package dev.acf.ans.http;

import org.jspecify.annotations.NullMarked;
