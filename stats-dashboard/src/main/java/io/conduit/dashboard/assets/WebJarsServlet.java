package io.conduit.dashboard.assets;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import org.webjars.WebJarVersionLocator;

/**
 * {@code /webjars/NAME/PATH}: a file of a WebJar on the class path, without its version in the path
 * ({@code /webjars/uplot/dist/uPlot.min.css}), so the pages name no version and a WebJar upgrade is
 * a change of the POM only. The version is in the ETag, so a browser revalidates after an upgrade.
 */
public final class WebJarsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient WebJarVersionLocator locator = new WebJarVersionLocator();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        int slash = path.indexOf('/', 1);
        String webJar = slash < 0 ? "" : path.substring(1, slash);
        String file = slash < 0 ? "" : path.substring(slash + 1);
        String version = webJar.isEmpty() ? null : locator.version(webJar);
        String full = version == null || file.isEmpty() || file.contains("..") ? null
                : "META-INF/resources/webjars/" + webJar + "/" + version + "/" + file;
        InputStream content = full == null ? null : getClass().getClassLoader().getResourceAsStream(full);
        if (content == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no such WebJar file: " + path);
            return;
        }
        try (content) {
            String etag = "\"" + webJar + "-" + version + "\"";
            if (etag.equals(request.getHeader("If-None-Match"))) {
                response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                return;
            }
            String type = getServletContext().getMimeType(file);
            response.setContentType(type == null ? "application/octet-stream" : type);
            response.setHeader("ETag", etag);
            response.setHeader("Cache-Control", "no-cache");
            content.transferTo(response.getOutputStream());
        }
    }
}
