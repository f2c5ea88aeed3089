package io.haven.tests.lin;

/** The output of a call whose answer was never seen (a {@link Outcome#FAIL} or {@link Outcome#INFO} call). */
public record Unknown() {
    public static final Unknown INSTANCE = new Unknown();

    @Override
    public String toString() {
        return "?";
    }
}
