package dev.acf.ans.resolve;

/** Which retrieval a semantic resolution uses (ANS-RES-2). */
public enum ResolutionMode {
    /** BM25 over the descriptive text, with synonyms, typo correction and the Chinese glossary. */
    LEXICAL,
    /** Nearest skill vectors of the query embedding. */
    VECTOR,
    /** Both, fused; the default. */
    HYBRID
}
