package io.conduit.server.metrics;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

/** Gauges read at a scrape, for the collectors of the node's parts. */
public final class Gauges {

    private Gauges() {
    }

    /** @return a gauge family to add points to */
    public static GaugeSnapshot.Builder gauge(String name, String help) {
        return GaugeSnapshot.builder().name(name).help(help);
    }

    /** @return one point of a gauge, with label names and values in pairs */
    public static GaugeSnapshot.GaugeDataPointSnapshot point(double value, String... labels) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of(labels)).value(value).build();
    }
}
