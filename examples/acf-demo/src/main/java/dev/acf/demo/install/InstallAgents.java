package dev.acf.demo.install;

import static dev.acf.demo.agent.AgentDefinition.skill;

import dev.acf.demo.agent.AgentDefinition;
import dev.acf.demo.network.SimulatedNetwork;
import java.util.List;

/** The cards of the thirteen installation agents, bound to their behaviours over one network. */
final class InstallAgents {
    private InstallAgents() {}

    static List<AgentDefinition> create(SimulatedNetwork network) {
        return List.of(
                new AgentDefinition(OrderIntentAgent.ID, "Service Intent Recognition Agent",
                        "Understands what prospective customers write or say when they want new home broadband: extracts"
                                + " their name, service address, wanted speed, TV or phone extras and preferred appointment, and"
                                + " sends the structured service intent on for fulfilment.",
                        List.of(skill("recognise-service-intent", "Recognise a request for new broadband",
                                "Turns a customer's free-text request for a new connection into a structured service intent.",
                                List.of("intent recognition", "customer request", "sales request", "structured intent",
                                        "new customer", "wanted"),
                                List.of("I'd like 500 Mbps fibre at 12 Mill Road, Riverside, with TV"))),
                        new OrderIntentAgent()),
                new AgentDefinition(InstallMasterAgent.ID, "Service Installation Master Control Agent",
                        "Coordinates the fulfilment of a home broadband installation order from start to finish: has the"
                                + " service orchestrated and resources allocated, the engineer visit booked and every network"
                                + " domain configured, and has the result checked before completing the order.",
                        List.of(skill("fulfil-installation", "Fulfil an installation order",
                                "Drives orchestration, configuration and the closed validation loop for one service intent.",
                                List.of("master control", "fulfilment", "coordination", "installation order", "end to end"),
                                List.of("Install 1 Gbps fibre for the intent of Ada Martin"))),
                        new InstallMasterAgent()),
                new AgentDefinition(OrderManagementAgent.ID, "Customer Order Management Agent",
                        "The order and account system of record: opens customer accounts and orders for new sales, tracks"
                                + " their status and, once an installation is validated, activates the service and starts billing.",
                        List.of(skill("open-order", "Open an account and order",
                                "Creates the customer account and the order record for a sale.",
                                List.of("order", "account", "CRM", "sale", "record"),
                                List.of("Create an order for a new fibre customer")),
                                skill("complete-order", "Complete an order",
                                        "Marks an order fulfilled, activates the subscriber and starts billing.",
                                        List.of("billing", "activation", "fulfilled", "close order"),
                                        List.of("Order ORD-20001 is validated, activate it"))),
                        new OrderManagementAgent(network)),
                new AgentDefinition(OrchestrationAgent.ID, "Service Orchestration and Resource Allocation Agent",
                        "Plans how a new line will be delivered: the service path from home gateway through ONT, PON port"
                                + " and OLT to the BNG and core, evaluates and allocates the resources it needs, and states the"
                                + " configuration each network domain must receive.",
                        List.of(skill("plan-service", "Plan a service path and allocate resources",
                                "Returns the service path, the allocated resources and the per-domain configuration plan.",
                                List.of("orchestration", "service path", "resource allocation", "planning", "design"),
                                List.of("Plan a 300 Mbps line for 4 Station Street, Hillcrest"))),
                        new OrchestrationAgent(network)),
                new AgentDefinition(SiteSurveyAgent.ID, "Site Survey and Coverage Agent",
                        "Qualifies addresses against the coverage map: tells whether fibre reaches a building, which exchange"
                                + " covers it and which splitter and PON port its fibre drop ends on.",
                        List.of(skill("qualify-address", "Qualify an address",
                                "Looks up coverage, fibre readiness and the serving splitter of an address.",
                                List.of("coverage", "address", "fibre reaches", "splitter", "site survey", "serviceability"),
                                List.of("Is 14 Orchard Lane, Northgate fibre-ready?"))),
                        new SiteSurveyAgent(network)),
                new AgentDefinition(ResourceInventoryAgent.ID, "Network Resource Inventory Agent",
                        "Keeps the inventory of network resources and reserves them for new lines: room on PON ports and"
                                + " splitters (re-routing when a port is full), customer VLAN ids, ONTs in stock and IP pools.",
                        List.of(skill("reserve-resources", "Reserve resources for a new line",
                                "Reserves a port, a VLAN, an ONT and an IP pool, and says if the line was re-routed.",
                                List.of("inventory", "reserve", "stock", "VLAN", "port capacity", "ONT"),
                                List.of("Reserve resources on olt-river-1/0/1 for ORD-20001"))),
                        new ResourceInventoryAgent(network)),
                new AgentDefinition("access-config", "Access Network Configuration Agent",
                        "Domain-specific configuration agent for the fibre access network: generates the OLT and ONT"
                                + " configuration of a new subscriber (ONT registration by serial, service VLAN, GPON line"
                                + " profile) and pushes it through the network management system.",
                        List.of(skill("provision-access", "Provision the ONT and OLT port",
                                "Registers the ONT on its PON port with the service VLAN and line profile; reports the result.",
                                List.of("access network", "OLT", "ONT", "GPON", "provisioning", "domain configuration"),
                                List.of("Register ONT HWTC70000001 on olt-north-1/0/1"))),
                        new DomainConfigAgent("access-config", "access", network)),
                new AgentDefinition("ip-edge-config", "IP Edge Configuration Agent",
                        "Domain-specific configuration agent for the broadband network gateway (BNG): sets up subscriber"
                                + " sessions, IP address pools, customer VLAN termination and speed (QoS) profiles.",
                        List.of(skill("provision-ip-edge", "Configure the BNG for a subscriber",
                                "Creates the subscriber's session profile, address pool and speed profile on the BNG.",
                                List.of("BNG", "IP edge", "session", "address pool", "speed profile", "QoS"),
                                List.of("Give VLAN 3001 a 500M profile from pool-north"))),
                        new DomainConfigAgent("ip-edge-config", "ip-edge", network)),
                new AgentDefinition("home-network-config", "Home Network Configuration Agent",
                        "Domain-specific configuration agent for customer premises equipment: configures home routers and"
                                + " Wi-Fi remotely over TR-069 (SSID, security, DNS servers) once the ONT is up.",
                        List.of(skill("provision-home-network", "Configure the home router and Wi-Fi",
                                "Pushes the Wi-Fi name, security and DNS settings to the customer's home router.",
                                List.of("home router", "Wi-Fi", "TR-069", "CPE", "SSID", "remotely"),
                                List.of("Set up Wi-Fi for the new line of ORD-20001"))),
                        new DomainConfigAgent("home-network-config", "home-network", network)),
                new AgentDefinition("service-platform-config", "Service Platform Configuration Agent",
                        "Domain-specific configuration agent for value-added services: activates IPTV entitlements and"
                                + " multicast, and VoIP landline numbers, for a subscriber's order.",
                        List.of(skill("provision-services", "Activate TV and voice services",
                                "Turns on the IPTV and VoIP add-ons an order includes.",
                                List.of("IPTV", "TV", "voice", "VoIP", "add-ons", "value-added services"),
                                List.of("Enable TV for ORD-20001"))),
                        new DomainConfigAgent("service-platform-config", "service-platform", network)),
                new AgentDefinition(ServiceValidationAgent.ID, "Installation Service Validation Agent",
                        "Verifies that new installations work as the customer ordered them: collaborates with the domain configuration agents to query the"
                                + " configuration and status of every element and checks them against the order's plan,"
                                + " reporting each discrepancy so it can be corrected.",
                        List.of(skill("validate-installation", "Validate an installation against its order",
                                "Compares configuration and status in every domain with the plan; passes or lists findings.",
                                List.of("validation", "verification", "acceptance", "as ordered", "closed loop"),
                                List.of("Check ORD-20001 is configured as planned"))),
                        new ServiceValidationAgent()),
                new AgentDefinition(InstallSchedulingAgent.ID, "Installation and Maintenance Scheduling Agent",
                        "Schedules installation and maintenance engineers by location and skills: books installation visits"
                                + " at the customer's preferred time, keeps monitoring the quality of newly installed lines,"
                                + " and books follow-up reviews.",
                        List.of(skill("book-installation", "Book an installation visit",
                                "Books the nearest engineer qualified for ONT installation for the preferred slot.",
                                List.of("technician visit", "appointment", "engineer", "installation", "home"),
                                List.of("Book an ONT installation at 12 Mill Road on Tuesday morning")),
                                skill("new-line-monitoring", "Monitor a newly installed line",
                                        "Watches optical power and session of a new line over its first days.",
                                        List.of("quality monitoring", "newly installed", "first days", "watch"),
                                        List.of("Watch SUB-1034 during its first week")),
                                skill("follow-up-review", "Book a follow-up review",
                                        "Books an engineer's follow-up review call with a customer.",
                                        List.of("book", "review call", "engineer follow-up"),
                                        List.of("Book a review with SUB-1034"))),
                        new InstallSchedulingAgent(network)),
                new AgentDefinition(InstallAssistantAgent.ID, "Personal Intelligent Assistant Agent",
                        "The customer's personal assistant in the operator's app: keeps new customers informed during their"
                                + " installation, asks them whether they are satisfied once it is done (the feedback survey), and"
                                + " arranges the engineers' follow-up and review.",
                        List.of(skill("installation-survey", "Run the installation feedback survey",
                                "Asks a new customer to rate their installation and collects comments.",
                                List.of("survey", "satisfaction", "feedback", "rating", "customer experience"),
                                List.of("How happy is SUB-1034 with the installation?"))),
                        new InstallAssistantAgent(network)));
    }
}
