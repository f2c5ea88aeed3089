/**
 * JMH benchmarks of Haven's hot paths (the wire codec first); run them with {@code bin/haven-jmh}, which builds
 * this module and passes its arguments to JMH.
 */
package io.haven.bench;
