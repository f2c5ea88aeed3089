package io.haven.ctl;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** One havenctl invocation through picocli, in process, with what it printed and its exit code. */
record Run(int code, String out, String err) {
    static Run of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (Connections connections = new Connections()) {
            CommandLine cl = HavenCtl.commandLine(connections, false);
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            code = cl.execute(args);
        }
        return new Run(code, out.toString(), err.toString());
    }

    /** Runs against {@code node}: {@code -s address} first, then the arguments. */
    static Run on(FakeNode node, String... args) {
        List<String> all = new ArrayList<>(List.of("-s", node.address()));
        all.addAll(List.of(args));
        return of(all.toArray(String[]::new));
    }

    List<String> lines() {
        return out.lines().toList();
    }

    /** The value of the table row {@code name} printed, or null when there is none. */
    String field(String name) {
        for (String line : lines()) {
            if (line.equals(name)) {
                return "";
            }
            if (line.startsWith(name + " ")) {
                return line.substring(name.length()).strip();
            }
        }
        return null;
    }
}
