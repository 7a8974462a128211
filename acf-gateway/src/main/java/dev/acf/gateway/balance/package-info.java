/**
 * Load balancing across an agent's endpoints (GW-FWD-2): the default
 * {@link dev.acf.gateway.balance.RoundRobinLoadBalancer}, round robin over the endpoints not
 * recently failed (passive health), and its {@link dev.acf.gateway.balance.RoundRobinLoadBalancerProvider}
 * for {@link java.util.ServiceLoader}.
 */
@NullMarked
package dev.acf.gateway.balance;

import org.jspecify.annotations.NullMarked;
