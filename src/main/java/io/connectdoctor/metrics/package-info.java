/**
 * Prometheus metrics of Connect's state, the healer and connect-doctor itself. Types are
 * non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.connectdoctor.metrics;

import org.jspecify.annotations.NullMarked;
