/**
 * The verdict on the targeted worker's units and its renderers: /healthcheck and the
 * indicators. Types are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.connectdoctor.health;

import org.jspecify.annotations.NullMarked;
