package io.conduit.lb.haproxy;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses the Runtime API's {@code show stat} (CSV with a {@code # } header) and {@code show info}. */
public final class StatCsv {

    private static final ObjectReader READER = CsvMapper.builder()
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES, CsvParser.Feature.IGNORE_TRAILING_UNMAPPABLE,
                    CsvParser.Feature.ALLOW_TRAILING_COMMA)
            .build().readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader());

    private StatCsv() {
    }

    /**
     * @return one map per row, keyed by the header's column names (a quoted field may hold a comma)
     * @throws IllegalArgumentException if the text is not CSV
     */
    public static List<Map<String, String>> rows(String csv) {
        int header = csv.startsWith("# ") ? 0 : csv.indexOf("\n# ");
        if (header < 0) {
            return List.of();
        }
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> read = READER.readValues(csv.substring(header == 0 ? 2 : header + 3))) {
            while (read.hasNext()) {
                Map<String, String> row = new LinkedHashMap<>(read.next());
                row.remove(""); // the header ends with a comma
                if (!row.isEmpty()) {
                    rows.add(row);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("HAProxy's show stat is not the CSV expected: " + e.getMessage(), e);
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
