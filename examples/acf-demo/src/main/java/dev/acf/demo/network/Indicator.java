package dev.acf.demo.network;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A fact about a subscriber's service that diagnosis can learn, with its JSON key, the
 * channels that can supply it and the access type it applies to.
 */
public enum Indicator {
    /** Whether the ONT is registered on the OLT (boolean). */
    ONT_ONLINE("ont.online", AccessType.FIBER, Channel.PERIODIC, Channel.LIVE),
    /** The ONT's received optical power, dBm (number); absent when the ONT is offline. */
    RX_POWER("ont.rxPowerDbm", AccessType.FIBER, Channel.PERIODIC, Channel.LIVE),
    /** Upstream bit errors in the last 15 minutes (integer). */
    CRC_ERRORS("line.crcErrors", AccessType.FIBER, Channel.PERIODIC),
    /** How often the line dropped in the last 24 hours (integer). */
    DROPS_24H("line.drops24h", null, Channel.RECORDS),
    /** Whether the customer's IP session is up (boolean). */
    SESSION_UP("session.up", null, Channel.PERIODIC, Channel.LIVE),
    /** Whether the OLT reports loss of signal on the customer's PON port (boolean). */
    PORT_LOS_ALARM("alarm.portLos", AccessType.FIBER, Channel.ALARMS),
    /** The share of the other ONTs on the same PON port that are offline (0-1). */
    NEIGHBOURS_OFFLINE("neighbours.offlineRatio", AccessType.FIBER, Channel.LIVE),
    /** Airtime used on the home Wi-Fi channel, percent (integer), from a Wi-Fi scan. */
    WIFI_UTILIZATION("wifi.utilizationPct", null, Channel.LIVE),
    /** Neighbouring access points heard on the home Wi-Fi channel (integer), from a Wi-Fi scan. */
    WIFI_NEIGHBOUR_APS("wifi.neighbourAps", null, Channel.LIVE),
    /** Whether the gateway reaches the internet by IP address (boolean), from a probe. */
    IP_REACHABLE("ip.reachable", null, Channel.LIVE),
    /** Whether the gateway resolves names (boolean), from a probe. */
    DNS_RESOLVES("dns.resolves", null, Channel.LIVE),
    /** Whether the gateway's DNS servers are the operator's standard ones (boolean). */
    DNS_STANDARD("gateway.dnsStandard", null, Channel.RECORDS),
    /** Whether the VLAN provisioned on the ONT matches the inventory (boolean). */
    VLAN_MATCH("ont.vlanMatchesInventory", AccessType.FIBER, Channel.RECORDS),
    /** The CPE's reference signal received power, dBm (number). */
    RSRP("radio.rsrpDbm", AccessType.FIXED_WIRELESS, Channel.PERIODIC, Channel.LIVE),
    /** How far the serving cell's tilt is from the radio plan, degrees (integer). */
    TILT_DEVIATION("cell.tiltDeviationDeg", AccessType.FIXED_WIRELESS, Channel.RECORDS),
    /** The customer sees a red LOS light on the ONT (boolean). */
    USER_LOS_LIGHT("user.losLightRed", AccessType.FIBER, Channel.CUSTOMER),
    /** The customer finds the service fine on a cable to the router (boolean). */
    USER_WIRED_OK("user.wiredOk", null, Channel.CUSTOMER),
    /** The customer finds that some apps still work (boolean). */
    USER_APPS_WORK("user.appsWork", null, Channel.CUSTOMER);

    private final String key;
    private final @Nullable AccessType access;
    private final Set<Channel> channels;

    Indicator(String key, @Nullable AccessType access, Channel first, Channel... rest) {
        this.key = key;
        this.access = access;
        this.channels = EnumSet.of(first, rest);
    }

    /** Returns the JSON key, such as {@code ont.rxPowerDbm}. */
    public String key() {
        return key;
    }

    /** Returns the channels that can supply this indicator. */
    public Set<Channel> channels() {
        return EnumSet.copyOf(channels);
    }

    /** Returns whether this indicator means anything for a home connected by {@code type}. */
    public boolean appliesTo(AccessType type) {
        return access == null || access == type;
    }

    /** Returns the indicator with JSON key {@code key}, if any. */
    public static Optional<Indicator> byKey(String key) {
        return Arrays.stream(values()).filter(indicator -> indicator.key.equals(key)).findFirst();
    }
}
