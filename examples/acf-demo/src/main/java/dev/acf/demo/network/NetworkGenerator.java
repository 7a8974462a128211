package dev.acf.demo.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds the topology of a {@link SimulatedNetwork} from its seed. */
final class NetworkGenerator {
    static final int PORTS_PER_OLT = 2;
    static final int FIBER_HOMES_PER_PORT = 4;
    static final int WIRELESS_HOMES_PER_CELL = 3;
    static final int PORT_CAPACITY = 8;

    private static final List<String> FIRST = List.of("Ada", "Bruno", "Chloe", "Dmitri", "Elena", "Farid", "Grace",
            "Hugo", "Ines", "Jonas", "Keiko", "Liam", "Maya", "Nils", "Olga", "Priya", "Quentin", "Rosa", "Sami", "Tara");
    private static final List<String> LAST = List.of("Martin", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Novak",
            "Haddad", "Fischer", "Costa", "Byrne", "Kowalski", "Singh", "Duarte", "Ivanova", "Walsh", "Rahman");
    private static final List<String> STREETS = List.of("Orchard Lane", "Mill Road", "Station Street", "Elm Avenue",
            "Harbour Way", "Chapel Close", "Kingfisher Road", "Quarry Lane", "Beacon Street", "Willow Way");

    private final Noise noise;

    NetworkGenerator(Noise noise) {
        this.noise = noise;
    }

    List<Site> sites() {
        return List.of(new Site("north", "Northgate exchange", "Northgate", 0, 10),
                new Site("river", "Riverside exchange", "Riverside", 8, 2),
                new Site("hill", "Hillcrest exchange", "Hillcrest", -6, -4));
    }

    List<OltPort> ports(List<Site> sites) {
        List<OltPort> ports = new ArrayList<>();
        for (Site site : sites) {
            for (int p = 1; p <= PORTS_PER_OLT; p++) {
                ports.add(new OltPort("olt-" + site.id() + "-1/0/" + p, site.id(), PORT_CAPACITY));
            }
        }
        return ports;
    }

    List<Cell> cells(List<Site> sites) {
        return sites.stream().map(site -> new Cell("cell-" + site.id() + "-a", site.id(),
                3 + noise.index("tilt:" + site.id(), 4))).toList();
    }

    List<Subscriber> subscribers(List<Site> sites, List<OltPort> ports, List<Cell> cells) {
        List<Subscriber> subscribers = new ArrayList<>();
        int[] fibrePlans = {300, 500, 1000};
        for (OltPort port : ports) {
            for (int i = 0; i < FIBER_HOMES_PER_PORT; i++) {
                int n = 1001 + subscribers.size();
                int mbps = fibrePlans[noise.index("plan:" + n, fibrePlans.length)];
                subscribers.add(new Subscriber("SUB-" + n, name(n), address(n, town(sites, port.siteId())), port.siteId(),
                        AccessType.FIBER, port.id(), String.format(Locale.ROOT, "HWTC%08X", n * 7919), "Fibre " + mbps,
                        mbps, 1000 + n % 1000, false));
            }
        }
        for (Cell cell : cells) {
            for (int i = 0; i < WIRELESS_HOMES_PER_CELL; i++) {
                int n = 1001 + subscribers.size();
                int mbps = i == 0 ? 100 : 200;
                subscribers.add(new Subscriber("SUB-" + n, name(n), address(n, town(sites, cell.siteId())), cell.siteId(),
                        AccessType.FIXED_WIRELESS, cell.id(), String.format(Locale.ROOT, "CPE5G%07d", n * 31), "Home 5G " + mbps,
                        mbps, 2000 + n % 1000, i > 0));
            }
        }
        return subscribers;
    }

    List<Engineer> engineers(List<Site> sites) {
        List<List<String>> skills = List.of(List.of("fiber-splicing", "optical-testing"),
                List.of("optical-testing", "ont-installation", "home-network"), List.of("radio", "antenna"),
                List.of("ont-installation", "home-network"), List.of("fiber-splicing", "ont-installation"));
        List<Engineer> engineers = new ArrayList<>();
        for (int i = 0; i < skills.size(); i++) {
            String site = sites.get(noise.index("base:" + i, sites.size())).id();
            engineers.add(new Engineer(String.format(Locale.ROOT, "ENG-%02d", i + 1), name(500 + i), site, skills.get(i)));
        }
        return engineers;
    }

    List<Premises> premises(List<Site> sites, List<OltPort> ports) {
        List<Premises> premises = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            OltPort port = ports.get(i);
            premises.add(new Premises(address(800 + i, town(sites, port.siteId())), port.siteId(), true, port.id()));
        }
        return premises;
    }

    String name(int n) {
        return FIRST.get(noise.index("first:" + n, FIRST.size())) + " " + LAST.get(noise.index("last:" + n, LAST.size()));
    }

    private String address(int n, String town) {
        return (1 + noise.index("house:" + n, 98)) + " " + STREETS.get(noise.index("street:" + n, STREETS.size())) + ", " + town;
    }

    private static String town(List<Site> sites, String siteId) {
        return sites.stream().filter(site -> site.id().equals(siteId)).findFirst().orElseThrow().town();
    }
}
