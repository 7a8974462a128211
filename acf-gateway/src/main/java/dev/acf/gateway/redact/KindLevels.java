package dev.acf.gateway.redact;

import dev.acf.api.security.ClassificationLevel;
import java.util.Map;

/**
 * A built-in detector's kinds and the level it reports each at: what lets a {@link Redactor}
 * know, once when it is built, which detectors can matter to a clearance. Detectors without it
 * (discovered or given ones) may report anything and always run.
 */
interface KindLevels {
    /** Returns every kind the detector reports, with the level it reports it at. */
    Map<String, ClassificationLevel> kindLevels();
}
