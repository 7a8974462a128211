/**
 * The ANS's agent event stream ({@link dev.acf.ans.events.AgentEvents}): what gateways and
 * caches follow to learn of registrations, updates and revocations within a second.
 */
@NullMarked
package dev.acf.ans.events;

import org.jspecify.annotations.NullMarked;
