package dev.acf.ans.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.sync.SyncPage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A sync page reads the same whether it is cut out of the bytes (the shape ACF writes) or parsed in full (any other). */
class SyncPageReadingTest {
    private static final URI PEER = URI.create("http://127.0.0.1:1");

    private static SyncPage read(String json) {
        return HttpPeerSyncTransport.page(PEER, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPageReadsTheSameInEitherShape() {
        SyncPage plain = read("{\"changes\":[\"a.b.c\",\"h~*~p1~p2\"],\"cursor\":\"snapshot:7+2@f\",\"hasMore\":true}");
        SyncPage other = read("{ \"hasMore\": true, \"cursor\": \"snapshot:7+2@f\", \"changes\": [\"a.b.c\", \"h~*~p1~p2\"] }");
        SyncPage escaped = read("{\"changes\":[\"a.b.c\",\"h~*\\u007ep1~p2\"],\"cursor\":\"snapshot:7+2@f\",\"hasMore\":true}");
        assertThat(plain).isEqualTo(other).isEqualTo(escaped);
        assertThat(plain.changes()).containsExactly("a.b.c", "h~*~p1~p2");

        SyncPage empty = read("{\"changes\":[],\"cursor\":\"9@f\",\"hasMore\":false}");
        assertThat(empty.changes()).isEmpty();
        assertThat(empty.cursor()).isEqualTo("9@f");
        assertThat(empty.hasMore()).isFalse();
    }
}
