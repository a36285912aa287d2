/**
 * Checking settings and mapping the environment variables of the tools connect-doctor
 * replaces. Types are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.connectdoctor.settings;

import org.jspecify.annotations.NullMarked;
