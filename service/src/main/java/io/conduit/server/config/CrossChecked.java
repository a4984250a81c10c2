package io.conduit.server.config;

/**
 * A configured object with rules across its fields, which no single field's constraint can say
 * ("either secret or jwksUrl, not both"). Bean Validation runs {@link #check} through
 * {@link Checked}, so its findings arrive with the field constraints', each naming its field.
 */
public interface CrossChecked {

    /** Reports what is wrong with the object as a whole, field by field. */
    void check(Findings findings);

    /** Where {@link #check} reports. */
    interface Findings {
        /**
         * @param field   the field at fault, e.g. {@code jwksUrl} (a dotted path for a nested one)
         * @param message what is wrong, e.g. {@code must be an http:// or https:// URL}
         */
        void add(String field, String message);

        /** Reports unless {@code condition} holds. */
        default void require(boolean condition, String field, String message) {
            if (!condition) {
                add(field, message);
            }
        }
    }
}
