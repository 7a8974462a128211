package dev.acf.demo.repair;

import dev.acf.demo.agent.IntentRoute;
import dev.acf.demo.agent.Scenario;
import java.util.List;

/**
 * The plain-language intents of the fault diagnosis scenario: what the desk and the agents ask
 * for when they need another agent. They are worded as a caller would put the need, not copied
 * from any agent card, so that resolving them exercises semantic matching.
 */
public final class RepairIntents {
    /** Desk to intent recognition (phase 1). */
    public static final String UNDERSTAND_COMPLAINT =
            "work out what kind of problem a broadband customer is reporting in their own words";
    /** Intent recognition to preprocessing (phase 1). */
    public static final String GATHER_FACTS =
            "gather and aggregate the customer-side data for this complaint before anyone diagnoses it";
    /** Preprocessing to customer profile. */
    public static final String LOOK_UP_SUBSCRIBER = "look up the subscriber's contract, access line and home devices";
    /** Preprocessing to alarm and topology. */
    public static final String LIST_ALARMS = "list the active network alarms around this subscriber's connection";
    /** Preprocessing to data collection. */
    public static final String LATEST_COUNTERS = "fetch the latest periodic performance counters of this line";
    /** Desk to root cause analysis (phase 2). */
    public static final String DIAGNOSE = "figure out why this customer's home broadband is failing";
    /** Root cause analysis to perception data collection (the re-collection loop). */
    public static final String REPOLL = "re-poll fresh measurements from the customer's equipment right now";
    /** Perception data collection to data collection, for what live probes cannot see. */
    public static final String STORED_RECORDS = "pull stored configuration snapshots and line history for this subscriber";
    /** Root cause analysis to knowledge QA: ask the customer. */
    public static final String FOLLOW_UP_QUESTIONS =
            "which follow-up questions should the customer answer to narrow down the cause";
    /** Knowledge QA to the personal assistant. */
    public static final String ASK_CUSTOMER = "put these questions to the customer and bring back their answers";
    /** Root cause analysis to knowledge QA: the fix. */
    public static final String RECOMMEND_FIX = "what does the troubleshooting knowledge base recommend for this diagnosed fault";
    /** Root cause analysis to alarm and topology: the impact scope. */
    public static final String WHO_ELSE = "which other customers share the failing network element";
    /** Desk to fault handling (phase 3). */
    public static final String REPAIR = "repair the diagnosed fault automatically if possible";
    /** Fault handling to network configuration. */
    public static final String PUSH_CHANGE = "push a corrective change to the settings of network equipment remotely";
    /** Fault handling to scheduling, when the remote repair did not help. */
    public static final String SEND_ENGINEER = "send a field engineer to fix this on site as soon as it makes sense";
    /** Desk to end-to-end testing (phase 4). */
    public static final String CHECK_SERVICE = "check end to end that the customer's broadband service works properly again";
    /** Desk to scheduling (phase 5). */
    public static final String WATCH = "keep watching this customer's service for a while in case the problem comes back";
    /** Desk to the personal assistant (phase 6). */
    public static final String SURVEY = "ask the customer how satisfied they are with how their fault was handled";
    /** Personal assistant to scheduling (phase 6). */
    public static final String BOOK_REVIEW = "book an engineer follow-up review call with the customer";

    private RepairIntents() {}

    /** Returns every intent with its caller and the agent meant to answer it. */
    public static List<IntentRoute> routes() {
        return List.of(
                new IntentRoute(Scenario.DESK, UNDERSTAND_COMPLAINT, "complaint-intent"),
                new IntentRoute("complaint-intent", GATHER_FACTS, "preprocessing"),
                new IntentRoute("preprocessing", LOOK_UP_SUBSCRIBER, "customer-profile"),
                new IntentRoute("preprocessing", LIST_ALARMS, "alarm-topology"),
                new IntentRoute("preprocessing", LATEST_COUNTERS, "data-collection"),
                new IntentRoute(Scenario.DESK, DIAGNOSE, "root-cause"),
                new IntentRoute("root-cause", REPOLL, "perception-collection"),
                new IntentRoute("perception-collection", STORED_RECORDS, "data-collection"),
                new IntentRoute("root-cause", FOLLOW_UP_QUESTIONS, "knowledge-qa"),
                new IntentRoute("knowledge-qa", ASK_CUSTOMER, "personal-assistant"),
                new IntentRoute("root-cause", RECOMMEND_FIX, "knowledge-qa"),
                new IntentRoute("root-cause", WHO_ELSE, "alarm-topology"),
                new IntentRoute(Scenario.DESK, REPAIR, "fault-handling"),
                new IntentRoute("fault-handling", PUSH_CHANGE, "network-config"),
                new IntentRoute("fault-handling", REPOLL, "perception-collection"),
                new IntentRoute("fault-handling", SEND_ENGINEER, "maintenance-scheduling"),
                new IntentRoute(Scenario.DESK, CHECK_SERVICE, "e2e-testing"),
                new IntentRoute(Scenario.DESK, WATCH, "maintenance-scheduling"),
                new IntentRoute("maintenance-scheduling", REPOLL, "perception-collection"),
                new IntentRoute(Scenario.DESK, SURVEY, "personal-assistant"),
                new IntentRoute("personal-assistant", BOOK_REVIEW, "maintenance-scheduling"));
    }
}
