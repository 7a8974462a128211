package dev.acf.demo.repair;

import static dev.acf.demo.agent.AgentDefinition.skill;

import dev.acf.demo.agent.AgentDefinition;
import dev.acf.demo.network.SimulatedNetwork;
import java.util.List;

/** The cards of the thirteen fault diagnosis agents, bound to their behaviours over one network. */
final class RepairAgents {
    private RepairAgents() {}

    static List<AgentDefinition> create(SimulatedNetwork network) {
        return List.of(
                new AgentDefinition(ComplaintIntentAgent.ID, "Complaint Intent Recognition Agent",
                        "Understands home broadband complaints in the customer's own words, written in a chat or ticket or"
                                + " said in a call: recognises what kind of problem is being reported (no service, intermittent"
                                + " drops, slowness, websites failing) and which account it concerns, then triggers data"
                                + " preprocessing for the complaint.",
                        List.of(skill("classify-complaint", "Recognise what a complaint is about",
                                "Turns a customer's free-text description of a broadband problem into a complaint type and an"
                                        + " account number.",
                                List.of("intent recognition", "complaint", "customer's own words", "problem type",
                                        "natural language", "ticket triage"),
                                List.of("Customer says: my internet has been down all day, account SUB-1004",
                                        "Classify: pages won't load but WhatsApp works"))),
                        new ComplaintIntentAgent()),
                new AgentDefinition(PreprocessingAgent.ID, "Complaint Data Preprocessing Agent",
                        "Prepares the unified customer-side picture of a complaint before it is diagnosed: gathers the"
                                + " subscriber profile and devices, active alarms and the latest performance counters chosen by"
                                + " the complaint type, and aggregates them into one perception record.",
                        List.of(skill("aggregate-perception", "Aggregate customer-side data",
                                "Collects and merges user devices, alarms and network information for a classified complaint.",
                                List.of("preprocessing", "data aggregation", "perception", "unified view", "complaint context"),
                                List.of("Prepare the data for the NO_SERVICE complaint of SUB-1002"))),
                        new PreprocessingAgent()),
                new AgentDefinition(CustomerProfileAgent.ID, "Customer Profile and Service Inventory Agent",
                        "Answers questions about a broadband subscriber from CRM and service inventory: contract and plan,"
                                + " service address, access technology (fibre ONT or 5G fixed wireless CPE), the serving OLT"
                                + " port or radio cell, and the devices installed in the home.",
                        List.of(skill("subscriber-lookup", "Look up a subscriber",
                                "Returns the plan, address, access line and home devices of an account.",
                                List.of("CRM", "subscriber", "contract", "plan", "inventory", "devices", "account"),
                                List.of("Which plan and access line does SUB-1010 have?"))),
                        new CustomerProfileAgent(network)),
                new AgentDefinition(AlarmTopologyAgent.ID, "Network Alarm and Topology Agent",
                        "Watches the alarm feed of OLTs and radio cells and knows the access topology, which homes hang off"
                                + " which PON port, splitter or cell. Lists active alarms near a subscriber and works out which"
                                + " customers share a failing network element.",
                        List.of(skill("active-alarms", "List active alarms",
                                "Shows loss-of-signal, bit-error and KPI alarms on the PON port or cell serving a subscriber.",
                                List.of("alarms", "fault management", "LOS", "OLT", "cell"),
                                List.of("Any alarms on the port serving SUB-1003?")),
                                skill("impact-scope", "Estimate the impact scope",
                                        "Given a diagnosed fault, finds the other subscribers behind the same shared network"
                                                + " element (PON port, splitter or cell) who are affected.",
                                        List.of("topology", "impact", "blast radius", "neighbours", "shared element"),
                                        List.of("How many homes does the cut on olt-north-1/0/2 take down?"))),
                        new AlarmTopologyAgent(network)),
                new AgentDefinition(RootCauseAgent.ID, "Single-Domain Root Cause Analysis Agent",
                        "Diagnoses home broadband faults within the access and home network domain. Weighs evidence against"
                                + " known fault patterns (fibre cut, optical degradation, Wi-Fi interference, DNS"
                                + " misconfiguration, radio coverage hole, ONT misconfiguration), asks for re-collection and"
                                + " customer follow-up when information is insufficient, and reports the most likely root"
                                + " cause, impact scope and recommendation.",
                        List.of(skill("root-cause-analysis", "Find the root cause of a broadband fault",
                                "Explains why a customer's home internet is failing, with confidence and affected customers.",
                                List.of("root cause", "diagnosis", "troubleshooting", "why failing", "fault analysis"),
                                List.of("Why does SUB-1003 have no internet?", "Diagnose the slow connection of SUB-1021"))),
                        new RootCauseAgent()),
                new AgentDefinition(PerceptionCollectionAgent.ID, "Perception Data Collection Agent",
                        "Collects fresh measurements on demand from the customer's equipment and the access network: polls"
                                + " ONT optical power and registration, runs Wi-Fi scans on the home gateway, probes IP"
                                + " reachability and DNS resolution, reads the radio signal of 5G CPEs and checks neighbouring"
                                + " ONTs. Re-collects data when a diagnosis lacks information.",
                        List.of(skill("live-recollection", "Re-collect live measurements",
                                "Polls and probes devices right now and returns the readings, with any that timed out.",
                                List.of("live poll", "probe", "measurement", "real-time sensing", "re-collection"),
                                List.of("Poll the optical power of SUB-1007's ONT", "Run a Wi-Fi scan on the gateway of SUB-1012"))),
                        new PerceptionCollectionAgent(network)),
                new AgentDefinition(KnowledgeQaAgent.ID, "Knowledge QA Agent",
                        "The troubleshooting knowledge base for home broadband: knows which follow-up questions narrow a"
                                + " fault down (lights on the fibre box, whether a cable works, which apps still work), guides"
                                + " the customer to supplement key information, and recommends the fix for a diagnosed cause.",
                        List.of(skill("guided-questions", "Guide the customer to supplement key information",
                                "Chooses diagnostic questions for the customer and turns the replies into facts.",
                                List.of("knowledge base", "follow-up questions", "narrow down", "guidance", "FAQ"),
                                List.of("What should we ask a customer whose ONT is offline?")),
                                skill("fix-recommendation", "Recommend a fix",
                                        "Gives the recommended repair procedure for a diagnosed broadband fault.",
                                        List.of("recommendation", "best practice", "repair procedure", "knowledge"),
                                        List.of("What is the procedure for a DNS misconfiguration?"))),
                        new KnowledgeQaAgent()),
                new AgentDefinition(DataCollectionAgent.ID, "Network Data Collection Agent",
                        "Collects and stores network data in bulk: the 15-minute periodic performance counters of every"
                                + " line, configuration snapshots of ONTs, home gateways and cells (DNS servers, VLANs, antenna"
                                + " tilt), provisioning records and line history such as drops in the last 24 hours."
                                + " Complements the data a diagnosis is missing.",
                        List.of(skill("periodic-counters", "Latest periodic counters",
                                "Returns the last 15-minute performance counters of a line, noting gaps.",
                                List.of("performance counters", "periodic collection", "PM data", "statistics"),
                                List.of("Latest counters for SUB-1001")),
                                skill("configuration-history", "Stored configuration and history",
                                        "Returns configuration snapshots, provisioning records and history of a subscriber.",
                                        List.of("configuration snapshot", "records", "history", "data collection"),
                                        List.of("Which DNS servers does the gateway of SUB-1005 use?"))),
                        new DataCollectionAgent(network)),
                new AgentDefinition(FaultHandlingAgent.ID, "Fault Handling Agent",
                        "Recovers broadband faults automatically once their root cause is known: chooses the remote remedy"
                                + " (Wi-Fi channel change, DNS restore, ONT re-provisioning, antenna tilt correction, device"
                                + " restart), applies it, verifies the result, and hands over to field dispatch when automatic"
                                + " repair fails.",
                        List.of(skill("automatic-repair", "Repair a diagnosed fault automatically",
                                "Runs automatic fault recovery for a root cause and reports repaired or dispatched.",
                                List.of("automatic repair", "fault recovery", "self-healing", "remediation"),
                                List.of("Fix the DNS misconfiguration found on SUB-1009"))),
                        new FaultHandlingAgent()),
                new AgentDefinition(NetworkConfigAgent.ID, "Network Configuration Agent",
                        "Element management for the access and home network: pushes configuration changes to home gateways"
                                + " (TR-069), ONTs (OMCI) and radio cells (remote electrical tilt) and reports the previous and"
                                + " new settings.",
                        List.of(skill("push-configuration", "Change equipment settings remotely",
                                "Applies a named configuration action to a gateway, an ONT or a cell.",
                                List.of("configuration", "TR-069", "OMCI", "settings", "element management", "provisioning"),
                                List.of("Set the Wi-Fi channel of SUB-1012's gateway to 36"))),
                        new NetworkConfigAgent(network)),
                new AgentDefinition(MaintenanceSchedulingAgent.ID, "Installation and Maintenance Scheduling Agent",
                        "Plans field work for installation and maintenance engineers: builds the optimal dispatch plan from"
                                + " engineers' locations and skills and the urgency of the fault, books follow-up reviews, and"
                                + " watches customers' service quality after a repair so that faults do not come back.",
                        List.of(skill("dispatch-plan", "Dispatch an engineer",
                                "Picks the nearest qualified engineer, sets the visit time by urgency and opens a work order.",
                                List.of("dispatch", "field engineer", "technician", "work order", "on site"),
                                List.of("Send someone to splice the fibre at olt-north-1/0/1")),
                                skill("quality-monitoring", "Monitor service quality after a repair",
                                        "Samples a customer's service over several intervals to catch a recurring fault.",
                                        List.of("quality monitoring", "recurrence", "watch", "comes back"),
                                        List.of("Keep an eye on SUB-1004 for the next hours")),
                                skill("follow-up-review", "Book a follow-up review",
                                        "Books an engineer's follow-up review call with a customer.",
                                        List.of("appointment", "book", "review call", "engineer follow-up"),
                                        List.of("Book a review with SUB-1004 next week"))),
                        new MaintenanceSchedulingAgent(network)),
                new AgentDefinition(EndToEndTestingAgent.ID, "End-to-End Testing Agent",
                        "Validates a customer's service end to end after a change: access link and IP session up, DNS"
                                + " lookup, speed test against the plan and Wi-Fi airtime, from the home gateway to the internet,"
                                + " and the links of the other customers in the impact scope.",
                        List.of(skill("service-test", "Run end-to-end service tests",
                                "Runs the service validation test suite for a customer and reports pass or fail per test.",
                                List.of("end-to-end test", "service validation", "speed test", "works properly"),
                                List.of("Test SUB-1011's service after the repair"))),
                        new EndToEndTestingAgent(network)),
                new AgentDefinition(PersonalAssistantAgent.ID, "Personal Intelligent Assistant Agent",
                        "The customer's personal assistant in the operator's app: talks with the customer on the operator's"
                                + " behalf, puts questions to them and brings back their answers, runs satisfaction surveys"
                                + " after a fault or an installation, and arranges the engineers' follow-up.",
                        List.of(skill("ask-customer", "Ask the customer",
                                "Puts questions to the customer in the app and returns what they answered.",
                                List.of("customer conversation", "chat", "answers", "app"),
                                List.of("Ask SUB-1002 whether the LOS light is red")),
                                skill("satisfaction-survey", "Run a customer feedback survey",
                                        "Asks the customer to rate how their case was handled and collects comments.",
                                        List.of("survey", "satisfaction", "feedback", "rating"),
                                        List.of("Survey SUB-1002 about the repair"))),
                        new PersonalAssistantAgent(network)));
    }
}
