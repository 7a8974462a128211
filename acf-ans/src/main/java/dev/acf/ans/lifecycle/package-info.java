/**
 * The life cycle of a registered agent after registration (ANS-LIFE-1..3): signed updates
 * with a compatibility check, certificate renewal, and revocation.
 */
@NullMarked
package dev.acf.ans.lifecycle;

import org.jspecify.annotations.NullMarked;
