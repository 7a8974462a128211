package dev.acf.gateway.redact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.security.ClassificationLevel;
import dev.acf.api.security.SensitiveMatch;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The built-in detectors flag what they should and leave look-alikes alone, invalid check digits above all. */
class BuiltInDetectorsTest {
    private static final Redactor REDACTOR = Redactor.builder().discover(false).build();

    private static List<String> kinds(String text, @Nullable String field) {
        return REDACTOR.find(text, field).stream().map(SensitiveMatch::kind).distinct().toList();
    }

    private static List<String> values(String text) {
        return REDACTOR.find(text, null).stream().map(m -> text.substring(m.start(), m.end())).toList();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "pay with 4111111111111111 today|4111111111111111",
            "card 4111 1111 1111 1111.|4111 1111 1111 1111",
            "mc 5555-5555-5555-4444|5555-5555-5555-4444",
            "amex 378282246310005|378282246310005",
            "mc2 2223003122003222|2223003122003222"})
    void cardsWithARightLuhnDigitAreSecret(String text, String card) {
        List<SensitiveMatch> found = REDACTOR.find(text, null);
        assertThat(found).anySatisfy(m -> {
            assertThat(m.kind()).isEqualTo("card");
            assertThat(m.level()).isEqualTo(ClassificationLevel.SECRET);
            assertThat(text.substring(m.start(), m.end())).isEqualTo(card);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "4111111111111112",            // Luhn digit wrong
            "4111 1111 1111 1113",
            "378282246310006",             // Amex, Luhn digit wrong
            "5555555555554440",
            "1234567812345670",            // Luhn right, no card scheme starts with 1
            "411111111111111",             // Visa prefix, but 15 digits
            "order 9111111111111111111"})
    void cardLookAlikesWithWrongCheckDigitsOrPrefixesAreNotFlagged(String text) {
        assertThat(kinds(text, null)).doesNotContain("card");
    }

    @Test
    void imsisNeedFifteenDigitsAndAnAssignedCountryCode() {
        assertThat(kinds("subscriber 310150123456789 attached", null)).containsExactly("imsi");
        assertThat(kinds("001010123456789", null)).containsExactly("imsi");
        assertThat(kinds("ref 123456789012345", null)).as("MCC 123 is not assigned").isEmpty();
        assertThat(kinds("ref 1310150123456789", null)).as("16 digits").doesNotContain("imsi");
        assertThat(kinds("build 310150123456789.2", null)).as("part of a decimal").isEmpty();
    }

    @Test
    void imeisAreNamedAndPassLuhn() {
        assertThat(kinds("imei 490154203237518", null)).containsExactly("imei");
        assertThat(kinds("35-209900-176148-1", "imei")).containsExactly("imei");
        assertThat(kinds("imei 490154203237519", null)).as("Luhn digit wrong").isEmpty();
    }

    @Test
    void phoneNumbersNeedTheInternationalFormOrAName() {
        assertThat(kinds("call +44 7700 900123 now", null)).containsExactly("phone");
        assertThat(kinds("+1 (415) 555-2671", null)).containsExactly("phone");
        assertThat(kinds("0044 20 7946 0958", null)).containsExactly("phone");
        assertThat(kinds("447700900123", "msisdn")).containsExactly("msisdn");
        assertThat(kinds("msisdn: 447700900123", null)).containsExactly("msisdn");
        assertThat(kinds("\"phone\": \"020 7946 0958\"", null)).containsExactly("phone");
        assertThat(kinds("at 12:34:56 on 2024-01-15", null)).isEmpty();
        assertThat(kinds("2024-01-15", "phone")).isEmpty();
        assertThat(kinds("order 00447700900123", null)).as("00 and bare digits: not clearly a phone number").isEmpty();
        assertThat(kinds("order 447700900123 shipped", null)).as("a bare number without a name").isEmpty();
        assertThat(kinds("+0 7700 900123", null)).as("no country code starts with 0").isEmpty();
    }

    @Test
    void emailAddressesNeedADomainWithATopLevelLabel() {
        assertThat(values("mail alice.smith+noc@ops.example.net, please.")).containsExactly("alice.smith+noc@ops.example.net");
        assertThat(kinds("root@localhost", null)).isEmpty();
        assertThat(kinds("follow @acf on social", null)).isEmpty();
        assertThat(kinds("a@b.c1", null)).isEmpty();
        assertThat(kinds("user@-bad.example.net", null)).isEmpty();
    }

    @Test
    void ipv4AddressesNeedFourValidOctets() {
        assertThat(values("gateway 10.0.4.7 and 192.168.100.200.")).containsExactly("10.0.4.7", "192.168.100.200");
        assertThat(kinds("bad 999.1.1.1", null)).isEmpty();
        assertThat(kinds("bad 256.1.1.1", null)).isEmpty();
        assertThat(kinds("version 1.2.3.4.5", null)).isEmpty();
        assertThat(kinds("v1.2.3.4", null)).isEmpty();
        assertThat(kinds("leading 010.1.1.1", null)).isEmpty();
        assertThat(kinds("pi 3.14159", null)).isEmpty();
    }

    @Test
    void ipv6AddressesAreCheckedByParsing() {
        assertThat(values("peer 2001:db8::1 up")).containsExactly("2001:db8::1");
        assertThat(values("fe80::1ff:fe23:4567:890a")).containsExactly("fe80::1ff:fe23:4567:890a");
        assertThat(values("2001:0db8:85a3:0000:0000:8a2e:0370:7334")).containsExactly("2001:0db8:85a3:0000:0000:8a2e:0370:7334");
        assertThat(values("mapped ::ffff:192.0.2.128.")).contains("::ffff:192.0.2.128");
        assertThat(kinds("at 12:34:56", null)).isEmpty();
        assertThat(kinds("2001:db8::1::2", null)).isEmpty();
        assertThat(kinds("1:2:3:4:5:6:7", null)).as("seven groups without ::").isEmpty();
        assertThat(kinds("std::vector and a:b", null)).isEmpty();
    }

    @Test
    void macAddressesNeedSixPairsWithOneSeparator() {
        assertThat(values("nic 00:1A:2B:3C:4D:5E")).containsExactly("00:1A:2B:3C:4D:5E");
        assertThat(values("nic 00-1a-2b-3c-4d-5e")).containsExactly("00-1a-2b-3c-4d-5e");
        assertThat(values("nic 0011.22aa.44ff")).containsExactly("0011.22aa.44ff");
        assertThat(kinds("hash 001A2B3C4D5E", null)).isEmpty();
        assertThat(kinds("00:1A:2B:3C:4D", null)).isEmpty();
        assertThat(kinds("00:1A-2B:3C:4D:5E", null)).isEmpty();
        assertThat(kinds("00:1A:2B:3C:4D:5E:6F", null)).isEmpty();
        assertThat(kinds("deadbeefcafe0042", null)).isEmpty();
        assertThat(values("0011.22aa.44ff")).as("the shortest form, alone").containsExactly("0011.22aa.44ff");
        assertThat(values("::1")).as("the shortest IPv6 address, alone").containsExactly("::1");
        assertThat(kinds("2.0", null)).isEmpty();
    }

    @Test
    void credentialsAndKeysAreSecret() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1234\n-----END RSA PRIVATE KEY-----";
        assertThat(values("key:\n" + pem + "\nend")).containsExactly(pem);
        assertThat(values("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq")).hasSize(1);
        assertThat(values("db password=hunter2 ok")).containsExactly("hunter2");
        assertThat(values("{\"client_secret\": \"s3cr3t-value-9f8e7d\"}")).containsExactly("s3cr3t-value-9f8e7d");
        assertThat(values("Authorization: Bearer abcdef0123456789XYZ")).containsExactly("abcdef0123456789XYZ");
        assertThat(values("auth bEaReR abcdef0123456789XYZ")).containsExactly("abcdef0123456789XYZ");
        assertThat(values("BASIC dXNlcjpwYXNzd29yZA==")).containsExactly("dXNlcjpwYXNzd29yZA==");
        assertThat(values("aws AKIAIOSFODNN7EXAMPLE")).containsExactly("AKIAIOSFODNN7EXAMPLE");
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlX2hlcmU";
        assertThat(values("token " + jwt)).containsExactly(jwt);
        assertThat(REDACTOR.find("correct horse battery staple", "password")).singleElement()
                .satisfies(m -> assertThat(m.level()).isEqualTo(ClassificationLevel.SECRET));
        assertThat(kinds("sk_live_51Habcdef0123456789", "api_key")).containsExactly("credential");
    }

    @Test
    void keyLikeNamesWithHarmlessValuesAreNotCredentials() {
        assertThat(kinds("4096", "max_tokens")).isEmpty();
        assertThat(kinds("none", "token")).isEmpty();
        assertThat(kinds("1500", "token_count")).isEmpty();
        assertThat(kinds("\"max_tokens\": 4096, \"token\": \"none\"", null)).isEmpty();
        assertThat(kinds("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", null)).isEmpty();
        assertThat(kinds("[REDACTED:credential]", "password")).isEmpty();
        assertThat(kinds("the public key is published", null)).isEmpty();
    }
}
