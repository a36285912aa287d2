/**
 * The healer: restarts with back-off, a budget and an outage breaker, on its own
 * schedule. Types are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.connectdoctor.healing;

import org.jspecify.annotations.NullMarked;
