/**
 * The interaction graph (ANS-MON-1, ANS-MON-2): who called whom through the gateways, how
 * often, how it went and how long it took, over a sliding time window with bounded memory;
 * nodes carry the registry's status, edges whether a grant allows them and the anomalies
 * gateways reported on them. {@link dev.acf.ans.graph.InteractionGraph} takes the gateways'
 * audit events (in-process or pushed over HTTP) and answers snapshots and change
 * subscriptions; {@link dev.acf.ans.graph.GraphSnapshot} is what the API serves, as JSON or DOT.
 */
@NullMarked
package dev.acf.ans.graph;

import org.jspecify.annotations.NullMarked;
