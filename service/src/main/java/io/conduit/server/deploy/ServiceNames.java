package io.conduit.server.deploy;

import io.conduit.api.ServiceName;
import java.util.regex.Pattern;

/** How services are named: {@code <java package>.<kebab-case class name>} unless annotated. */
public final class ServiceNames {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private ServiceNames() {
    }

    /**
     * @param type a service class
     * @return its {@link ServiceName} if annotated, else {@code <package>.<kebab-case simple name>}
     */
    public static String of(Class<?> type) {
        ServiceName annotation = type.getAnnotation(ServiceName.class);
        if (annotation != null) {
            return annotation.value();
        }
        String pkg = type.getPackageName();
        String simple = kebab(type.getSimpleName());
        return pkg.isEmpty() ? simple : pkg + "." + simple;
    }

    /**
     * @param name a candidate name
     * @return whether it is 1-200 letters, digits, {@code .}, {@code -} or {@code _}, starting with a
     * letter or digit
     */
    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /**
     * {@code GetClientDetails} becomes {@code get-client-details}, {@code HTTPGateway} becomes
     * {@code http-gateway}, {@code Sha256Sum} becomes {@code sha256-sum}.
     *
     * @param camel a class's simple name
     * @return it in kebab case
     */
    public static String kebab(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 8);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                char prev = camel.charAt(i - 1);
                boolean nextLower = i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1));
                if (Character.isLowerCase(prev) || Character.isDigit(prev)
                        || (Character.isUpperCase(prev) && nextLower)) {
                    out.append('-');
                }
            }
            if (c == '_' || c == '$') {
                out.append('-');
            } else {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString();
    }
}
