package dev.acf.ans.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.acf.api.error.ValidationException;
import dev.acf.api.name.Domain;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsAnnouncementTest {

    @Test
    void zoneLinesCarryTheSrvTargetAndTheKeysSpkiFingerprint() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        String spkiSha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.toECPublicKey().getEncoded()));
        DnsAnnouncement announcement = DnsAnnouncement.of(Domain.of("a.example.net"), URI.create("https://ans.a.example.net:8443"),
                List.of(key.toPublicJWK()), null);

        assertThat(announcement.zoneLines()).containsExactly(
                "_ans._tcp.a.example.net. 300 IN SRV 10 0 8443 ans.a.example.net.",
                "_ans._tcp.a.example.net. 300 IN TXT \"v=acf1; proto=https; kid=" + key.getKeyID() + "; fp=" + spkiSha256 + "\"");
        assertThat(KeyFingerprint.matches(spkiSha256.toUpperCase(java.util.Locale.ROOT), key)).isTrue();
        assertThat(PeerDiscovery.parseTxt(announcement.txt().getFirst())).containsEntry("fp", spkiSha256).containsEntry("v", "acf1");
    }

    @Test
    void dnsServerAddressesParseWithAndWithoutPort() {
        assertThat(DnsjavaLookup.parseServer("127.0.0.1:5353")).isEqualTo(new InetSocketAddress("127.0.0.1", 5353));
        assertThat(DnsjavaLookup.parseServer("127.0.0.1").getPort()).isEqualTo(53);
        assertThat(DnsjavaLookup.parseServer("[::1]:5353").getPort()).isEqualTo(5353);
        assertThatThrownBy(() -> DnsjavaLookup.parseServer("127.0.0.1:dns")).isInstanceOf(ValidationException.class);
    }
}
