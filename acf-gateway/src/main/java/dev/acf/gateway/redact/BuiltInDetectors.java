package dev.acf.gateway.redact;

import dev.acf.api.security.SensitiveDataDetector;
import java.util.List;

/**
 * The sensitive-data detectors the gateway runs unless told otherwise (ANS-SEC-3), with the kinds
 * they report and the level of each:
 *
 * <pre>
 *   kind        level          rule ids
 *   email       CONFIDENTIAL   email
 *   imsi        CONFIDENTIAL   imsi.mcc         15 digits, assigned mobile country code
 *   imei        CONFIDENTIAL   imei.luhn        named imei, Luhn digit right
 *   msisdn      CONFIDENTIAL   phone.e164, phone.context
 *   phone       CONFIDENTIAL   phone.e164, phone.context
 *   ipv4, ipv6  CONFIDENTIAL   ip.v4, ip.v6     octets 0-255; IPv6 parsed
 *   mac         CONFIDENTIAL   mac
 *   credential  SECRET         credential.pem, .jwt, .scheme, .access-key, .assigned, .field
 *   card        SECRET         card.luhn        scheme prefix and length, Luhn digit right
 * </pre>
 *
 * Levels can be changed per kind with {@link Redactor.Builder#level}. Each detector is stateless
 * and thread-safe.
 */
public final class BuiltInDetectors {
    private BuiltInDetectors() {}

    /** Returns every built-in detector. */
    public static List<SensitiveDataDetector> all() {
        return List.of(credentials(), cards(), subscriberIds(), emailAddresses(), networkAddresses());
    }

    /** E-mail addresses. */
    public static SensitiveDataDetector emailAddresses() {
        return new EmailDetector();
    }

    /** IPv4, IPv6 and MAC addresses. */
    public static SensitiveDataDetector networkAddresses() {
        return new NetworkAddressDetector();
    }

    /** IMSIs, IMEIs, MSISDNs and other phone numbers. */
    public static SensitiveDataDetector subscriberIds() {
        return new SubscriberDetector();
    }

    /** Private keys, tokens, access keys and passwords. */
    public static SensitiveDataDetector credentials() {
        return new CredentialDetector();
    }

    /** Payment card numbers. */
    public static SensitiveDataDetector cards() {
        return new CardDetector();
    }
}
