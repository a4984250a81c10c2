package io.conduit.lb.haproxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses the Runtime API's {@code show stat} (CSV with a {@code # } header) and {@code show info}. */
public final class StatCsv {

    private StatCsv() {
    }

    /** @return one map per row, keyed by the header's column names */
    public static List<Map<String, String>> rows(String csv) {
        List<Map<String, String>> rows = new ArrayList<>();
        String[] header = null;
        for (String line : csv.split("\n")) {
            if (line.startsWith("# ")) {
                header = line.substring(2).split(",", -1);
            } else if (header != null && !line.isBlank()) {
                String[] cells = line.split(",", -1);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.length && i < cells.length; i++) {
                    if (!header[i].isEmpty()) {
                        row.put(header[i], cells[i]);
                    }
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** @return the servers of one backend (not its FRONTEND or BACKEND rows) */
    public static List<ServerStat> servers(String csv, String backend) {
        return rows(csv).stream()
                .filter(r -> backend.equals(r.get("pxname")))
                .filter(r -> !"FRONTEND".equals(r.get("svname")) && !"BACKEND".equals(r.get("svname")))
                .map(ServerStat::of).toList();
    }

    /** @return {@code show info}'s {@code Name: value} lines as a map */
    public static Map<String, String> info(String text) {
        Map<String, String> info = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                info.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return info;
    }
}
