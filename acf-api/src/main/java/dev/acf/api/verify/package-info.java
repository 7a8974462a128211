/**
 * Capability verification (ANS-MON-3): the test cases an agent declares for its skills
 * ({@link dev.acf.api.verify.SkillTests}, carried in its Agent Card), the predicates its answers
 * must satisfy ({@link dev.acf.api.verify.Expectation}), and the trust profile ANS keeps from
 * running them ({@link dev.acf.api.verify.TrustProfile}, {@link dev.acf.api.verify.TrustSummary}).
 * The probe that runs them has a reserved name ({@link dev.acf.api.verify.ProbeIdentity}).
 */
@NullMarked
package dev.acf.api.verify;

import org.jspecify.annotations.NullMarked;
