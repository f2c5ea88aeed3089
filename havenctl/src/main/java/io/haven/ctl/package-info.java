/**
 * {@code havenctl}, the command line of Haven: picocli commands that each make one or a few {@link
 * io.haven.client.HavenClient} calls and print the answer as a table or as JSON, and a JLine shell running the same
 * commands on one connection. Exit codes are listed in {@link io.haven.ctl.ExitCodes}.
 */
package io.haven.ctl;
