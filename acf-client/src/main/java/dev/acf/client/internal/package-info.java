/**
 * Implementation details of the agent SDK: PEM encoding, key derivation, private files written
 * atomically, retry backoff and the Server-Sent Events reader. Not an API: may change at any time.
 */
@NullMarked
package dev.acf.client.internal;

import org.jspecify.annotations.NullMarked;
