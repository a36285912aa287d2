/**
 * Which worker's units count: sidecar or cluster mode. Types are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package io.connectdoctor.target;

import org.jspecify.annotations.NullMarked;
