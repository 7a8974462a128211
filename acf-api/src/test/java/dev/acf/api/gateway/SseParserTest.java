package dev.acf.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.error.LimitExceededException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
    private final List<SseEvent> events = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final SseParser parser = new SseParser(1024, new SseParser.Sink() {
        @Override
        public void event(SseEvent event) {
            events.add(event);
        }

        @Override
        public void comment(String text) {
            comments.add(text);
        }
    });

    private void feed(String text) {
        parser.feed(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void multiLineDataIsJoinedWithLineFeeds() {
        feed("id: 1\nevent: status-update\ndata: first\ndata:second\ndata: \nretry: 3000\n\n");
        assertThat(events).containsExactly(new SseEvent("1", "status-update", "first\nsecond\n", 3000L));
    }

    @Test
    void commentsReachTheSinkAndMakeNoEvent() {
        feed(": keep-alive\n\n:x\ndata: a\n\n");
        assertThat(comments).containsExactly(" keep-alive", "x");
        assertThat(events).containsExactly(SseEvent.of("a"));
    }

    @Test
    void crlfAndLoneCrEndLinesLikeLf() {
        feed("data: a\r\ndata: b\rid: 2\r\r\n\ndata: c\n\n");
        assertThat(events).containsExactly(new SseEvent("2", null, "a\nb", null), SseEvent.of("c"));
    }

    @Test
    void eventsSplitAtEveryByteAcrossChunksParseTheSame() {
        byte[] wire = "\uFEFFid: 9\r\nevent: e\r\ndata: h\u00e9llo\r\ndata: w\u00f6rld\r\n\r\ndata: z\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : wire) {
            parser.feed(new byte[] {b});
        }
        assertThat(events).containsExactly(new SseEvent("9", "e", "h\u00e9llo\nw\u00f6rld", null), SseEvent.of("z"));
        assertThat(parser.idle()).isTrue();
    }

    @Test
    void anUnfinishedEventIsHeldUntilItsBlankLine() {
        feed("data: a\n");
        assertThat(events).isEmpty();
        assertThat(parser.idle()).isFalse();
        feed("\n");
        assertThat(events).containsExactly(SseEvent.of("a"));
    }

    @Test
    void unknownFieldsAndABadRetryAreIgnoredAndABlockWithoutDataKeepsItsId() {
        feed("foo: bar\nretry: 1x\nid: 5\n\ndata\n\n");
        assertThat(events).containsExactly(new SseEvent("5", null, null, null), SseEvent.of(""));
    }

    @Test
    void anEventOverTheLimitIsRefused() {
        assertThatThrownBy(() -> feed("data: " + "x".repeat(2000) + "\n\n"))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("1024 bytes");
    }

    @Test
    void keepAliveCommentsDoNotAddUpToTheLimit() {
        for (int i = 0; i < 100; i++) {
            feed(": ping ping ping ping\n");
        }
        feed("data: ok\n\n");
        assertThat(events).containsExactly(SseEvent.of("ok"));
    }

    @Test
    void toWireRoundTripsThroughTheParser() {
        SseEvent event = new SseEvent("7", "status-update", "line1\nline2\r\nline3", 10L);
        assertThat(new String(event.toWire(), StandardCharsets.UTF_8))
                .isEqualTo("id: 7\nevent: status-update\nretry: 10\ndata: line1\ndata: line2\ndata: line3\n\n");
        parser.feed(event.toWire());
        parser.feed(new SseEvent("8", null, null, null).toWire());
        assertThat(events).containsExactly(event.withData("line1\nline2\nline3"), new SseEvent("8", null, null, null));
    }

    @Test
    void fieldsThatCannotBeWrittenAreRefused() {
        assertThatThrownBy(() -> new SseEvent("a\nb", null, "x", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SseEvent(null, "a\rb", "x", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SseEvent(null, null, "x", -1L)).isInstanceOf(IllegalArgumentException.class);
    }
}
