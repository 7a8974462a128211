/**
 * The scenarios over the real stack: {@link dev.acf.demo.live.DemoStack} starts an embedded
 * ANS and gateway, hosts every agent of a scenario as an A2A agent with its own key and ANS
 * certificate, and runs the scenario with collaborators that find each callee by semantic
 * resolution (or exact ANS name) and call it through the gateway with the caller's identity.
 * {@link dev.acf.demo.live.DemoRun} holds what a run produced: the outcome, each call with the
 * resolution that chose its callee, and the gateway's audit events, from which
 * {@link dev.acf.demo.live.InteractionGraph} draws who called whom.
 */
@org.jspecify.annotations.NullMarked
package dev.acf.demo.live;
