/**
 * The session store for several gateway instances (GW-SCALE-1, REL-3): {@link
 * dev.acf.gateway.session.jdbc.JdbcSessionStore} keeps sessions in PostgreSQL and wakes resumed
 * streams on every instance through {@code LISTEN/NOTIFY}. Needs the PostgreSQL JDBC driver and
 * HikariCP on the class path (both optional dependencies of the gateway).
 */
@NullMarked
package dev.acf.gateway.session.jdbc;

import org.jspecify.annotations.NullMarked;
