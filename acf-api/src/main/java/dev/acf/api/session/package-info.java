/**
 * Persistent sessions (GW-SESS-1, GW-SESS-2, GW-SCALE-1): the
 * {@link dev.acf.api.session.SessionStore} extension point, with the streamed
 * {@link dev.acf.api.session.SessionEvent}s and task {@link dev.acf.api.session.Checkpoint}s it keeps.
 */
@NullMarked
package dev.acf.api.session;

import org.jspecify.annotations.NullMarked;
