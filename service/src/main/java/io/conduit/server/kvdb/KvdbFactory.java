package io.conduit.server.kvdb;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The admin API's Remote commands.
 *
 * <table>
 * <caption>Configuration keys under {@code kvdb:}</caption>
 * <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 * <tr><td>allowScripts</td><td>false</td><td>whether EVAL, SCRIPT, FUNCTION and FCALL may run</td></tr>
 * </table>
 */
public class KvdbFactory {

    private boolean allowScripts;

    @JsonProperty
    public boolean isAllowScripts() {
        return allowScripts;
    }

    @JsonProperty
    public void setAllowScripts(boolean allowScripts) {
        this.allowScripts = allowScripts;
    }

    /** @return the policy of which commands may run */
    public CommandPolicy policy() {
        return new CommandPolicy(allowScripts);
    }
}
