/**
 * Resolution (ANS-RES-1..3): exact lookup through {@link dev.acf.api.resolve.AnsLookup}, and
 * semantic resolution through the {@link dev.acf.api.resolve.AgentIndex},
 * {@link dev.acf.api.resolve.Embedder} and {@link dev.acf.api.resolve.Reranker} extension points.
 */
@NullMarked
package dev.acf.api.resolve;

import org.jspecify.annotations.NullMarked;
