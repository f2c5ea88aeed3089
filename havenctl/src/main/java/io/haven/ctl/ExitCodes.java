package io.haven.ctl;

/**
 * The exit codes of havenctl, also returned by each command in the interactive shell; {@code havenctl --help} and the
 * README list them too. Every command exits with one of these.
 */
public final class ExitCodes {
    /** The command did what it was asked. */
    public static final int OK = 0;
    /** The node answered with an error; its name and message are on stderr. */
    public static final int FAILED = 1;
    /** The command line was wrong (picocli's usage code). */
    public static final int USAGE = 2;
    /** No node could be reached at the given address. */
    public static final int UNREACHABLE = 3;
    /**
     * {@code endpoint health} or {@code endpoint status}: at least one endpoint could not be reached, is not ready or
     * failed its read; each endpoint's answer is still printed.
     */
    public static final int UNHEALTHY = 4;

    private ExitCodes() {}
}
