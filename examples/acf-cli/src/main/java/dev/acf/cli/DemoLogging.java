package dev.acf.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the demo's terminal readable: the components log at INFO (every agent started, every
 * key trusted), which would bury the trace. Unless {@code --verbose}, only warnings show, and
 * the embedding runtime's probe for a GPU and Lucene's advice on the vector module stay quiet. Settings the
 * user gave with {@code -D} win.
 */
final class DemoLogging {
    // Held so that the JDK logging configuration is not garbage collected with the logger.
    private static final Logger LUCENE = Logger.getLogger("org.apache.lucene");

    private DemoLogging() {}

    static void configure(boolean verbose) {
        if (verbose) {
            return;
        }
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "error");
        }
        LUCENE.setLevel(Level.SEVERE);
    }
}
