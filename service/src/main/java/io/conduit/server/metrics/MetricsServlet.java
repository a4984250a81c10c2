package io.conduit.server.metrics;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /conduit/metrics}: the node's metrics in Prometheus' text format, or OpenMetrics when
 * the scraper asks for it (its Accept header). Behind the admin or the read-only metrics user.
 */
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient NodeMetrics metrics;
    private final transient ExpositionFormats formats = ExpositionFormats.init();

    public MetricsServlet(NodeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ExpositionFormatWriter writer = formats.findWriter(req.getHeader("Accept"));
        resp.setStatus(200);
        resp.setContentType(writer.getContentType());
        resp.setHeader("Cache-Control", "no-store");
        writer.write(resp.getOutputStream(), metrics.registry().scrape());
    }
}
