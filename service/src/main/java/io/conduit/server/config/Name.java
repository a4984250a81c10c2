package io.conduit.server.config;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** The one rule for the name of every configured object: 1-200 letters, digits, spaces or {@code . _ : -}. */
@Documented
@Constraint(validatedBy = {})
@NotNull
@Pattern(regexp = Name.PATTERN)
@ReportAsSingleViolation
@Target({FIELD, METHOD, PARAMETER})
@Retention(RUNTIME)
public @interface Name {

    /** The rule, as a regular expression. */
    String PATTERN = "[\\p{L}\\p{N} ._:-]{1,200}";

    String message() default "must be 1-200 letters, digits, spaces or . _ : -";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
