package dev.acf.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upstream call whose connection's event loop has stopped (its gateway is closing) still ends
 * cleanly for whoever holds it: a session relay that closes its stream must get past
 * {@code cancel()} to tell its client, and a reader or client must learn that the body ended.
 */
class UpstreamCallTest {
    private EventLoopGroup group;
    private UpstreamCall call;

    @BeforeEach
    void callOnAStoppedLoop() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        NioSocketChannel upstream = new NioSocketChannel();
        group.register(upstream).sync();
        call = new UpstreamCall(upstream, 1024, TimeUnit.SECONDS.toNanos(5));
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Test
    void cancellingReturnsNormallyWhenTheLoopHasStopped() {
        assertThatCode(call::cancel).doesNotThrowAnyException();
    }

    @Test
    void aReaderIsToldTheBodyEndedWhenTheLoopHasStopped() {
        CompletableFuture<@Nullable Throwable> ended = new CompletableFuture<>();
        call.read(new UpstreamStream.Reader() {
            @Override
            public void chunk(byte[] bytes) {
                throw new AssertionError("no body can arrive");
            }

            @Override
            public void end(@Nullable Throwable failure) {
                ended.complete(failure);
            }
        });
        assertThat(ended).isDone();
        assertThat(ended.join()).isInstanceOf(CancellationException.class).hasMessageContaining("event loop has stopped");
    }

    @Test
    void aClientPipeIsToldTheBodyEndedWhenTheLoopHasStopped() {
        EmbeddedChannel client = new EmbeddedChannel();
        CompletableFuture<@Nullable Throwable> done = new CompletableFuture<>();
        call.pipe(client, done::complete);
        assertThat(done).isDone();
        assertThat(done.join()).isInstanceOf(CancellationException.class);
        Object written = client.readOutbound();
        assertThat(written).isNull();
        client.finishAndReleaseAll();
    }

    @Test
    void backPressureSignalsAreDroppedWhenTheLoopHasStopped() {
        assertThatCode(() -> {
            call.pause();
            call.resume();
            call.clientWritable();
        }).doesNotThrowAnyException();
    }
}
