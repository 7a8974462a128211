/**
 * Content security inside ANS (ANS-SEC-2): the built-in prompt-injection detector
 * ({@link dev.acf.ans.security.InjectionDetector}, a {@link dev.acf.api.security.ContentInspector}
 * found through {@link dev.acf.ans.security.InjectionDetectorProvider}) that inspects resolution
 * queries here and A2A message parts at the gateway, and the
 * {@link dev.acf.ans.security.InjectionEvaluation} that measures it on a labelled message set.
 */
@NullMarked
package dev.acf.ans.security;

import org.jspecify.annotations.NullMarked;
