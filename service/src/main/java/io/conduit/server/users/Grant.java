package io.conduit.server.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.regex.Matcher;

/**
 * A role and the names it covers.
 *
 * @param role  viewer, operator, developer or admin
 * @param scope the names of services and configured objects it covers: {@code *} (all), or a pattern
 *              where {@code *} stands for any text, such as {@code billing.*}; only operators' and
 *              developers' grants are limited by it
 */
public record Grant(
        @JsonPropertyDescription("viewer, operator, developer or admin") @NotNull Role role,
        @JsonProperty(defaultValue = "*")
        @JsonPropertyDescription("the names it covers: * for all, or a pattern such as billing.*")
        @Pattern(regexp = "[\\p{L}\\p{N} ._:*-]{1,200}", message = "must be * or a name pattern such as billing.*")
        String scope) {

    public Grant {
        scope = scope == null || scope.isBlank() ? "*" : scope.trim();
    }

    /** @return whether the grant covers a thing of that name (null: a thing without a name, covered only by {@code *}) */
    public boolean covers(String name) {
        if (scope.equals("*")) {
            return true;
        }
        if (name == null) {
            return false;
        }
        StringBuilder regex = new StringBuilder();
        for (String part : scope.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(java.util.regex.Pattern.quote(part));
        }
        Matcher m = java.util.regex.Pattern.compile(regex.toString()).matcher(name);
        return m.matches();
    }
}
