/**
 * Hierarchical gateways with recursive addressing (GW-SCALE-2): a gateway owns a name space,
 * delegates sub-name-spaces to child gateways and sends every other name to its parent, like DNS
 * delegation (longest suffix wins). {@link dev.acf.gateway.hierarchy.Hierarchy} is the
 * configuration, {@link dev.acf.gateway.hierarchy.HierarchyRouteResolver} routes a call to the
 * next gateway, and {@link dev.acf.gateway.hierarchy.HopFilter} stops routing loops (hop limit and
 * path) and carries the original caller's identity from gateway to gateway.
 */
@NullMarked
package dev.acf.gateway.hierarchy;

import org.jspecify.annotations.NullMarked;
