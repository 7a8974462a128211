/**
 * The agent SDK: an agent's identity (keys, CSR, certificate renewal), discovery through
 * ANS with verified answers, A2A calls through the gateway, and hosting of an agent's own
 * A2A endpoint. {@link dev.acf.client.AgentIdentity} holds the keys and certificates,
 * {@link dev.acf.client.AcfClient} talks to ANS.
 */
@NullMarked
package dev.acf.client;

import org.jspecify.annotations.NullMarked;
