package io.conduit.server.channel;

import io.conduit.common.error.InvalidInputException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A channel's {@code urlPath}: literal segments and {@code {name}} parameters, for example
 * {@code /customers/{id}/payments}.
 *
 * @param text     the template as written
 * @param segments its segments; a parameter's is {@code null}
 * @param params   the parameters' names, in order
 */
record PathTemplate(String text, List<String> segments, List<String> params) {

    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]{0,63})}");
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@%-]*");

    /**
     * @param text a {@code urlPath} starting with {@code /}
     * @return it, parsed
     * @throws InvalidInputException naming the segment that is neither a literal nor a whole {@code {name}}
     */
    static PathTemplate parse(String text) {
        String trimmed = text.length() > 1 && text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        List<String> segments = new ArrayList<>();
        List<String> params = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String segment : trimmed.substring(1).split("/", -1)) {
            var param = PARAM.matcher(segment);
            if (param.matches()) {
                if (!seen.add(param.group(1))) {
                    throw new InvalidInputException("urlPath names the parameter {" + param.group(1) + "} twice");
                }
                params.add(param.group(1));
                segments.add(null);
            } else if (LITERAL.matcher(segment).matches()) {
                segments.add(segment);
            } else {
                throw new InvalidInputException("urlPath segment '" + segment + "' must be URL characters or a whole"
                        + " {name} parameter (a letter or _, then letters, digits or _)");
            }
        }
        return new PathTemplate(trimmed, Collections.unmodifiableList(segments), List.copyOf(params));
    }

    /** @return whether the template has no parameter, so one path matches it exactly */
    boolean isLiteral() {
        return params.isEmpty();
    }

    /** @return the template with every parameter as {@code {}}: two templates of one shape match the same paths */
    String shape() {
        StringBuilder shape = new StringBuilder();
        for (String s : segments) {
            shape.append('/').append(s == null ? "{}" : s);
        }
        return shape.isEmpty() ? "/" : shape.toString();
    }

    /**
     * @param raw a segment as it came in the request line
     * @return it percent-decoded ({@code +} stays a plus: this is a path, not a form)
     */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }
}
