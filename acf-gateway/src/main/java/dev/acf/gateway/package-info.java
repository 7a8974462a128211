/**
 * The AI Gateway role: the data plane that every agent call crosses, with its filter
 * pipeline (authentication, authorization, inspection, QoS, audit), name-based routing
 * through ANS, load balancing, sessions and checkpoints.
 */
@NullMarked
package dev.acf.gateway;

import org.jspecify.annotations.NullMarked;
