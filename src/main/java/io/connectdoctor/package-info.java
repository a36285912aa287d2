/**
 * connect-doctor: per-worker health, self-healing and metrics for Kafka Connect. Types
 * are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.connectdoctor;

import org.jspecify.annotations.NullMarked;
