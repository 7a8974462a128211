package dev.acf.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.acf.api.error.LimitExceededException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the event-stream parser (REL-5): any bytes, split into chunks anywhere, give the same
 * events as the whole stream fed at once, or fail with {@link LimitExceededException}.
 */
class SseParserFuzzTest {
    private static final int LIMIT = 4096;

    @FuzzTest
    void chunkedStreamsGiveTheSameEventsAsWholeOnes(FuzzedDataProvider data) {
        int cuts = data.consumeInt(0, 16);
        int[] sizes = new int[cuts];
        for (int i = 0; i < cuts; i++) {
            sizes[i] = data.consumeInt(0, 64);
        }
        byte[] stream = data.consumeRemainingAsBytes();

        List<Object> whole = new ArrayList<>();
        boolean wholeTooLarge = feedAll(stream, new int[0], whole);
        List<Object> chunked = new ArrayList<>();
        boolean chunkedTooLarge = feedAll(stream, sizes, chunked);

        assertThat(chunkedTooLarge).isEqualTo(wholeTooLarge);
        assertThat(chunked).isEqualTo(whole);
    }

    private static boolean feedAll(byte[] stream, int[] sizes, List<Object> out) {
        SseParser parser = new SseParser(LIMIT, new SseParser.Sink() {
            @Override
            public void event(SseEvent event) {
                out.add(event);
            }

            @Override
            public void comment(String text) {
                out.add(text);
            }
        });
        try {
            int offset = 0;
            for (int size : sizes) {
                int length = Math.min(size, stream.length - offset);
                parser.feed(stream, offset, length);
                offset += length;
            }
            parser.feed(stream, offset, stream.length - offset);
            return false;
        } catch (LimitExceededException e) {
            return true;
        }
    }
}
