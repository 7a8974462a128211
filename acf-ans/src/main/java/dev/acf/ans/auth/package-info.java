/**
 * Credentials ANS accepts besides agent signatures: {@link dev.acf.ans.auth.Secret} (a bearer
 * token kept as its hash) and {@link dev.acf.ans.auth.BootstrapTokens}, the one-time or
 * reusable tokens that open registration (REL-6).
 */
@NullMarked
package dev.acf.ans.auth;

import org.jspecify.annotations.NullMarked;
