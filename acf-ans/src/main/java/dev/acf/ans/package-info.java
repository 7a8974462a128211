/**
 * The Agent Name Service role: registration of agents with verified identities, the
 * certificate authority, the durable registry, exact and semantic resolution, and
 * synchronization with the ANS of other domains. The server and its HTTP binding are
 * built on the extension points of {@code dev.acf.api}.
 */
@NullMarked
package dev.acf.ans;

import org.jspecify.annotations.NullMarked;
