package io.conduit.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prometheus' text exposition format read back, sample by sample: what a test asserts on. */
public final class PrometheusText {

    /** One sample line: {@code name{labels} value}. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    /**
     * @param text what a {@code /metrics} endpoint answered
     * @return its samples
     * @throws IllegalArgumentException naming the line that is not a sample
     */
    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            samples.add(sample(line));
        }
        return new PrometheusText(samples);
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space;
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        if (brace >= 0 && brace < line.indexOf(' ')) {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq).strip();
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            space = i + 1;
        } else {
            space = line.indexOf(' ');
            name = line.substring(0, space);
        }
        String[] rest = line.substring(space).strip().split(" ");
        try {
            return new Sample(name, labels, Double.parseDouble(rest[0].replace("+Inf", "Infinity")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a Prometheus sample: " + line, e);
        }
    }

    /** @return every sample */
    public List<Sample> samples() {
        return samples;
    }

    /**
     * @param name   a sample's name, such as {@code conduit_service_invocations_total}
     * @param labels label names and values the sample must have (others may be there too)
     * @return the sum of the matching samples' values; 0 if none matches
     */
    public double sum(String name, String... labels) {
        double sum = 0;
        for (Sample s : samples) {
            if (s.name().equals(name) && matches(s, labels)) {
                sum += s.value();
            }
        }
        return sum;
    }

    /** @return whether any sample of that name (and labels) is there */
    public boolean has(String name, String... labels) {
        return samples.stream().anyMatch(s -> s.name().equals(name) && matches(s, labels));
    }

    private static boolean matches(Sample s, String[] labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }
}
