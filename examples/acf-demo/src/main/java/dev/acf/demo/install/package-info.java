/**
 * The draft's case 1, home broadband service installation: thirteen agents that take a
 * customer's request from intent recognition through orchestration and resource allocation,
 * configuration of every network domain and the closed validation loop, to quality monitoring
 * and the feedback survey. {@link dev.acf.demo.install.Installation} prepares the network and
 * the customer's request and runs the six phases.
 */
@org.jspecify.annotations.NullMarked
package dev.acf.demo.install;
