package dev.acf.demo.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What a demo stack opened, closed in a chosen order, and its timed progress lines. Not
 * thread-safe: the stacks start on one thread and close under their own lock.
 */
final class StackResources {
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final Consumer<String> progress;

    StackResources(Consumer<String> progress) {
        this.progress = progress;
    }

    /** Keeps a resource to close before every one kept so far (what depends on them goes first). */
    <T extends AutoCloseable> T closeFirst(T resource) {
        opened.add(0, resource);
        return resource;
    }

    /** Keeps a resource to close after every one kept so far. */
    <T extends AutoCloseable> T closeLast(T resource) {
        opened.add(resource);
        return resource;
    }

    /** Prints a progress line with the milliseconds since {@code since} (a {@link System#nanoTime}); best effort. */
    void progress(String format, long since, Object... args) {
        String line = String.format(Locale.ROOT, format, args)
                + String.format(Locale.ROOT, "  [%d ms]", (System.nanoTime() - since) / 1_000_000);
        try {
            progress.accept(line);
        } catch (RuntimeException ignored) {
            // progress output is best effort
        }
    }

    /** Closes everything kept, in order, reporting a failure as a progress warning and going on. */
    void closeAll() {
        for (AutoCloseable resource : opened) {
            try {
                resource.close();
            } catch (Exception e) {
                progress.accept("warning: closing " + resource + " failed: " + e);
            }
        }
        opened.clear();
    }
}
