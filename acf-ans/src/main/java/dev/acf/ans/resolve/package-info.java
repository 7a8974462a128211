/**
 * Resolution inside ANS: exact resolution ({@link dev.acf.ans.resolve.ExactResolver},
 * ANS-RES-1) and the in-process {@link dev.acf.api.resolve.AnsLookup} for an embedded gateway.
 */
@NullMarked
package dev.acf.ans.resolve;

import org.jspecify.annotations.NullMarked;
