/**
 * The Connect client, the poller and the snapshot every feature reads, with its units.
 * Types are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.connectdoctor.connect;

import org.jspecify.annotations.NullMarked;
