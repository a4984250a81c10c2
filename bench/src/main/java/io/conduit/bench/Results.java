package io.conduit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the benchmarks share to report: medians, and their block of {@code bench/RESULTS.md}. */
public final class Results {

    private Results() {
    }

    /** @return the median of the values */
    public static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** @return milliseconds since a {@link System#nanoTime()} */
    public static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    /**
     * Puts a report between {@code <!-- bench/NAME: begin -->} and its end in the results file, in place
     * of the last one, or at the end the first time.
     */
    public static void writeInto(Path results, String name, String report) throws IOException {
        String begin = "<!-- bench/" + name + ": begin -->";
        String end = "<!-- bench/" + name + ": end -->";
        String text = Files.exists(results) ? Files.readString(results) : "# Benchmark results\n";
        String block = begin + "\n" + report.strip() + "\n" + end;
        int i = text.indexOf(begin);
        int j = text.indexOf(end);
        text = i >= 0 && j > i ? text.substring(0, i) + block + text.substring(j + end.length())
                : text.stripTrailing() + "\n\n" + block + "\n";
        Files.writeString(results, text);
    }
}
