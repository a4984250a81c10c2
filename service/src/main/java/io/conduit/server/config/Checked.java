package io.conduit.server.config;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Runs a {@link CrossChecked} object's own rules as part of its Bean Validation. */
@Documented
@Constraint(validatedBy = Checked.Validator.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface Checked {

    String message() default "is not valid";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Turns each finding into a violation on its field. */
    final class Validator implements ConstraintValidator<Checked, CrossChecked> {
        @Override
        public boolean isValid(CrossChecked value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            boolean[] valid = {true};
            context.disableDefaultConstraintViolation();
            value.check((field, message) -> {
                valid[0] = false;
                var builder = context.buildConstraintViolationWithTemplate(escape(message));
                String[] path = field.split("\\.");
                var node = builder.addPropertyNode(path[0]);
                for (int i = 1; i < path.length; i++) {
                    node = node.addPropertyNode(path[i]);
                }
                node.addConstraintViolation();
            });
            return valid[0];
        }

        /** Messages are literal: a value quoted in one must not be read as an expression. */
        private static String escape(String message) {
            return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
        }
    }
}
