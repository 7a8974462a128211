package dev.acf.demo.install;

import dev.acf.demo.agent.IntentRoute;
import dev.acf.demo.agent.Scenario;
import java.util.List;
import java.util.Map;

/**
 * The plain-language intents of the installation scenario: what the desk and the agents ask
 * for when they need another agent, worded as a caller would put the need.
 */
public final class InstallIntents {
    /** Desk to intent recognition (phase 1). */
    public static final String UNDERSTAND_REQUEST =
            "turn what a customer wrote about wanting new home broadband into a structured service order";
    /** Intent recognition to the master control agent (phase 1). */
    public static final String FULFIL = "carry out this home broadband installation order from start to finish";
    /** Master control to order management. */
    public static final String OPEN_ORDER = "open a customer account and an order record for this sale";
    /** Master control to order management, at the end. */
    public static final String COMPLETE_ORDER = "mark the order as fulfilled and start billing the customer";
    /** Master control to orchestration (phase 2). */
    public static final String PLAN = "plan the service path and allocate network resources for the new line";
    /** Orchestration to site survey. */
    public static final String CHECK_ADDRESS = "check whether fibre reaches the customer's address and which splitter serves it";
    /** Orchestration to resource inventory. */
    public static final String RESERVE = "reserve a free PON port, a VLAN and an ONT from stock";
    /** Master control to scheduling (phase 2). */
    public static final String BOOK_VISIT = "book a technician visit to install the equipment at the customer's home";
    /** Master control to the access configuration agent (phase 3). */
    public static final String CONFIGURE_ACCESS = "provision the ONT and the OLT port for the new subscriber";
    /** Master control to the IP edge configuration agent (phase 3). */
    public static final String CONFIGURE_EDGE = "set up the subscriber session, IP address pool and speed profile on the BNG";
    /** Master control to the home network configuration agent (phase 3). */
    public static final String CONFIGURE_HOME = "configure the customer's home router and Wi-Fi remotely";
    /** Master control to the service platform configuration agent (phase 3). */
    public static final String CONFIGURE_SERVICES = "activate the TV and voice add-ons the customer bought";
    /** Master control to validation (phase 4). */
    public static final String VERIFY = "verify that the new installation works as ordered";
    /** Desk to scheduling (phase 5). */
    public static final String WATCH_NEW_LINE = "watch the quality of the newly installed line during its first days";
    /** Desk to the personal assistant (phase 6). */
    public static final String SURVEY = "ask the customer how satisfied they are with their installation";
    /** Personal assistant to scheduling (phase 6). */
    public static final String BOOK_REVIEW = "book an engineer follow-up review call with the customer";

    /** The configuration intent for each domain of {@link dev.acf.demo.network.Inventory#DOMAINS}. */
    public static final Map<String, String> CONFIGURE = Map.of("access", CONFIGURE_ACCESS, "ip-edge", CONFIGURE_EDGE,
            "home-network", CONFIGURE_HOME, "service-platform", CONFIGURE_SERVICES);

    private InstallIntents() {}

    /** Returns every intent with its caller and the agent meant to answer it. */
    public static List<IntentRoute> routes() {
        return List.of(
                new IntentRoute(Scenario.DESK, UNDERSTAND_REQUEST, "order-intent"),
                new IntentRoute("order-intent", FULFIL, "install-master"),
                new IntentRoute("install-master", OPEN_ORDER, "order-management"),
                new IntentRoute("install-master", PLAN, "orchestration"),
                new IntentRoute("orchestration", CHECK_ADDRESS, "site-survey"),
                new IntentRoute("orchestration", RESERVE, "resource-inventory"),
                new IntentRoute("install-master", BOOK_VISIT, "maintenance-scheduling"),
                new IntentRoute("install-master", CONFIGURE_ACCESS, "access-config"),
                new IntentRoute("install-master", CONFIGURE_EDGE, "ip-edge-config"),
                new IntentRoute("install-master", CONFIGURE_HOME, "home-network-config"),
                new IntentRoute("install-master", CONFIGURE_SERVICES, "service-platform-config"),
                new IntentRoute("install-master", VERIFY, "service-validation"),
                new IntentRoute("install-master", COMPLETE_ORDER, "order-management"),
                new IntentRoute(Scenario.DESK, WATCH_NEW_LINE, "maintenance-scheduling"),
                new IntentRoute(Scenario.DESK, SURVEY, "personal-assistant"),
                new IntentRoute("personal-assistant", BOOK_REVIEW, "maintenance-scheduling"));
    }
}
