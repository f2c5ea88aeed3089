package io.haven.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The load generator's entry point ({@code bin/haven-bench}): parses {@link LoadOptions}, runs once and prints the
 * report's table on stdout (and its JSON to {@code --json}). Exits 0 after a run, even one with errors (they are in
 * the report), 2 on bad options and 1 when it cannot connect.
 */
public final class LoadGenerator {
    private LoadGenerator() {}

    /** Runs the options against the nodes they name and returns the report (also written as JSON if asked). */
    public static LoadReport run(LoadOptions options, PrintStream log) throws InterruptedException, IOException {
        LoadReport report = new LoadRun(options, log).run();
        Optional<Path> json = options.json();
        if (json.isPresent()) {
            Path parent = json.get().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(json.get(), report.json() + "\n", StandardCharsets.UTF_8);
        }
        return report;
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(LoadOptions.USAGE);
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("haven-bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            LoadReport report = run(options, System.err);
            System.out.print(report.table());
        } catch (IOException | RuntimeException e) {
            System.err.println("haven-bench: " + e);
            System.exit(1);
        }
        // The clients' threads are closed, but the JVM should not wait on anything a library left behind.
        System.exit(0);
    }
}
