package io.conduit.dashboard.stats;

import java.util.Locale;

/** A report as CSV, one row per service, for spreadsheets. */
public final class CsvReport {

    private static final String HEADER = "service,mean_ms,usage,usage_share_pct,time_share_pct,rate_per_s,"
            + "usage_per_hour,failures,min_ms,max_ms,p50_ms,p95_ms,p99_ms,period_start,period_stop\n";

    private CsvReport() {
    }

    /** @return the report's rows as CSV with a header line */
    public static String of(StatsReport report) {
        StringBuilder out = new StringBuilder(HEADER);
        for (StatsReport.Row r : report.rows()) {
            out.append(quote(r.service())).append(',')
                    .append(number(r.mean())).append(',')
                    .append(r.usage()).append(',')
                    .append(number(r.usageShare())).append(',')
                    .append(number(r.timeShare())).append(',')
                    .append(number(r.rate())).append(',')
                    .append(number(r.usagePerHour())).append(',')
                    .append(r.failures()).append(',')
                    .append(number(r.min())).append(',')
                    .append(number(r.max())).append(',')
                    .append(r.p50() == null ? "" : number(r.p50())).append(',')
                    .append(r.p95() == null ? "" : number(r.p95())).append(',')
                    .append(r.p99() == null ? "" : number(r.p99())).append(',')
                    .append(report.start()).append(',')
                    .append(report.stop()).append('\n');
        }
        return out.toString();
    }

    private static String number(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }

    /** Quotes a field, and defuses a leading formula character for spreadsheets. */
    private static String quote(String s) {
        String safe = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}
