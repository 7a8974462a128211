/**
 * The agent catalogue (GW-PROXY-2): {@code GET /v1/catalog} lists the agents this gateway is
 * configured to expose, resolved through ANS at the time of the call, each with its gateway
 * address and card URL; {@code GET /.well-known/agent-card.json} at the root answers the card
 * of the single exposed agent. Cards are rewritten so every URL points at the gateway.
 */
@NullMarked
package dev.acf.gateway.catalog;

import org.jspecify.annotations.NullMarked;
