/**
 * Resolution inside ANS: exact resolution ({@link dev.acf.ans.resolve.ExactResolver},
 * ANS-RES-1), the in-process {@link dev.acf.api.resolve.AnsLookup} for an embedded gateway, and
 * semantic resolution (ANS-RES-2, ANS-RES-3): the Lucene {@link dev.acf.ans.resolve.LuceneAgentIndex}
 * (BM25 with telecom synonyms, typo correction and a Chinese glossary, skill vectors from the
 * in-process {@link dev.acf.ans.resolve.MiniLmEmbedder}, fusion, multi-need intents) and the
 * {@link dev.acf.ans.resolve.ResolutionEvaluation} that measures it on a labelled intent set.
 */
@NullMarked
package dev.acf.ans.resolve;

import org.jspecify.annotations.NullMarked;
