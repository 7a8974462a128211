/**
 * Cross-domain synchronization (ANS-SYNC-1, ANS-SYNC-2): finding a peer domain's ANS through
 * DNS ({@link dev.acf.api.sync.DnsLookup}) and carrying its signed change feed
 * ({@link dev.acf.api.sync.PeerSyncTransport}).
 */
@NullMarked
package dev.acf.api.sync;

import org.jspecify.annotations.NullMarked;
