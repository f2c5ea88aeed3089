/**
 * How havend writes its log: one line per event on stderr, as text or as JSON ({@code log-format}), chosen by the
 * {@code logback.xml} of this module and switched at start by {@link io.haven.daemon.logging.LogFormat#use}.
 */
package io.haven.daemon.logging;
