/**
 * Capability verification (ANS-MON-3): the {@link dev.acf.ans.verify.Verifier} runs the skill
 * test cases agents declare through the gateway, as the sandboxed probe identity, and keeps each
 * agent's trust profile in the {@link dev.acf.ans.verify.TrustStore}, which resolution reads for
 * its {@code verifiedOnly} filter and {@code preferVerified} boost.
 */
@NullMarked
package dev.acf.ans.verify;

import org.jspecify.annotations.NullMarked;
