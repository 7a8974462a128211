/**
 * Federation between the ANS of several domains (ANS-SYNC-1, ANS-SYNC-2): discovery of a peer's
 * ANS and signing key through DNS ({@link dev.acf.ans.sync.PeerDiscovery} over
 * {@link dev.acf.ans.sync.DnsjavaLookup}), the signed change feed this ANS exports
 * ({@link dev.acf.ans.sync.ChangeFeed}, shaped per peer by an {@link dev.acf.ans.sync.ExportPolicy}),
 * and the importer that keeps peers' records read-only and resolvable here
 * ({@link dev.acf.ans.sync.PeerImporter}, {@link dev.acf.ans.sync.ForeignRegistry}). Configured
 * through {@link dev.acf.ans.sync.Federation} and {@link dev.acf.ans.sync.Peer}.
 */
@NullMarked
package dev.acf.ans.sync;

import org.jspecify.annotations.NullMarked;
