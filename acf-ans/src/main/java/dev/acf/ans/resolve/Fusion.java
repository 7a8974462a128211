package dev.acf.ans.resolve;

/** How {@link ResolutionMode#HYBRID} fuses the lexical and the vector ranking. */
public enum Fusion {
    /** Reciprocal rank fusion: each list adds {@code 1 / (60 + rank)}; ignores score scales. */
    RECIPROCAL_RANK,
    /** A weighted sum of the two scores, each normalized to 0-1 over its list. */
    LINEAR
}
