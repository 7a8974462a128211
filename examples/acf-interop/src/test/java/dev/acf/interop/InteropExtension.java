package dev.acf.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.TestAbortedException;

/**
 * Gives interoperability tests their {@link InteropWorld}, one per test run (started by the
 * first class that needs it, closed when the run ends), and makes a failing test show the
 * protocol exchange: the failure's message gets what the gateway saw during the test
 * ({@link WireLog}) and the output of the processes the test ran, so a mismatch can be read
 * straight from the report. Register it as a static field with {@code @RegisterExtension}.
 */
final class InteropExtension implements BeforeAllCallback, InvocationInterceptor {
    private final List<String> transcripts = new ArrayList<>();
    private volatile @Nullable InteropWorld world;

    @Override
    public void beforeAll(ExtensionContext context) {
        // The root store closes the world once every class has run.
        world = context.getRoot().getStore(ExtensionContext.Namespace.create(InteropExtension.class))
                .getOrComputeIfAbsent(InteropWorld.class, key -> new InteropWorld(dataDirectory()), InteropWorld.class);
    }

    /** Returns the shared world; call from {@code @BeforeAll} or later. */
    InteropWorld world() {
        return Objects.requireNonNull(world, "the world starts before @BeforeAll methods");
    }

    /** Adds the output of a process the current test ran, shown if the test fails. */
    synchronized void transcript(String text) {
        transcripts.add(text);
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
            throws Throwable {
        intercept(invocation);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
            throws Throwable {
        intercept(invocation);
    }

    private void intercept(Invocation<Void> invocation) throws Throwable {
        WireLog log = world().wire();
        int mark = log.mark();
        synchronized (this) {
            transcripts.clear();
        }
        try {
            invocation.proceed();
        } catch (TestAbortedException skipped) {
            throw skipped;
        } catch (Throwable failure) {
            StringBuilder message = new StringBuilder(String.valueOf(failure.getMessage()))
                    .append("\n\n===== wire exchange seen by the gateway =====\n").append(log.since(mark));
            synchronized (this) {
                for (String transcript : transcripts) {
                    message.append("\n\n").append(transcript);
                }
            }
            AssertionError shown = new AssertionError(message.toString(), failure);
            shown.setStackTrace(failure.getStackTrace());
            throw shown;
        }
    }

    private static Path dataDirectory() {
        try {
            return Files.createTempDirectory("acf-interop-ans");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
