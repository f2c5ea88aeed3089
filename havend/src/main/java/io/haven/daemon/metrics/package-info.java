/**
 * havend's Prometheus metrics: {@link io.haven.daemon.metrics.HavenMetrics} holds the registry, the methods the
 * daemon calls when something happens (a request answered, a leader change, ...), and the gauges read from the
 * node's status at each scrape. Every name, type, label and meaning is listed in {@code docs/metrics.md}.
 *
 * <p>Threads: the recording methods are lock-free and may be called from any thread (event loops, apply threads);
 * {@link io.haven.daemon.metrics.HavenMetrics#scrape} runs on the caller's thread and calls the registered sources
 * there, so those must not block.
 */
package io.haven.daemon.metrics;
