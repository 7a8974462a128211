package dev.acf.demo.repair;

/** What a customer's complaint is about, as the intent recognition agent classifies it. */
public enum ComplaintType {
    /** Nothing connects at all. */
    NO_SERVICE,
    /** The connection keeps dropping and coming back. */
    INTERMITTENT,
    /** Everything works, slowly. */
    SLOW,
    /** Web pages do not open, though some apps still work. */
    WEBSITES_UNREACHABLE
}
