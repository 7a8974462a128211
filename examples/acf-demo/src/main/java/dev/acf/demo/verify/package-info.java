/**
 * Capability verification in the demo (ANS-MON-3): agents whose cards declare skill test cases
 * for ANS to run through the gateway, among them one whose skill claims what it does not do, and
 * one with a write skill that must never be probed.
 */
@NullMarked
package dev.acf.demo.verify;

import org.jspecify.annotations.NullMarked;
