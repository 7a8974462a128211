/**
 * The draft's case 2, home broadband fault diagnosis: thirteen agents that take a customer's
 * complaint from intent recognition through the root-cause loop, repair or dispatch,
 * end-to-end validation and quality monitoring to the feedback survey.
 * {@link dev.acf.demo.repair.FaultDiagnosis} prepares a network with an injected fault and
 * runs the six phases; {@link dev.acf.demo.repair.RepairIntents} lists what the agents ask
 * each other for, in plain language.
 */
@org.jspecify.annotations.NullMarked
package dev.acf.demo.repair;
