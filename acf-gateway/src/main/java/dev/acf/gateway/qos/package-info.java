/**
 * Quality of service (GW-FWD-1): the built-in {@link dev.acf.gateway.qos.QosFilter} in stage
 * {@code QOS} gives each {@link dev.acf.api.gateway.QosClass} its own concurrency limit and
 * bounded wait queue, sheds low priority first under overload (503 with {@code Retry-After}),
 * and enforces token-bucket rate limits per caller and per target (429 with
 * {@code Retry-After}). Classes are assigned by a {@link dev.acf.api.gateway.QosPolicy}, by
 * default the {@link dev.acf.gateway.qos.RuleQosPolicy} its provider builds from configuration.
 */
@NullMarked
package dev.acf.gateway.qos;

import org.jspecify.annotations.NullMarked;
