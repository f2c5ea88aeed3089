/**
 * The Java function SPI of Haven's processors: implement {@link io.haven.function.HavenFunction}, list it in {@code
 * META-INF/services/io.haven.function.HavenFunction}, and put the jar on havend's classpath or in its {@code
 * plugins-dir}; a processor of the invocation's group then runs it. A function is re-run from its start when it is
 * resumed: what it awaited is answered from the promises, and what it saved with {@link
 * io.haven.function.FunctionContext#state(byte[])} is handed back, so it can pick up where it stopped. Functions run
 * on the processor's worker threads, one invocation per thread; the context is not thread-safe.
 */
package io.haven.function;
