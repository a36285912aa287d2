/**
 * The connector report: the actuator endpoint and the command line. Types are non-null
 * unless annotated {@code @Nullable}.
 */
@NullMarked
package io.connectdoctor.report;

import org.jspecify.annotations.NullMarked;
