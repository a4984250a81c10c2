package io.conduit.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Deploys a service under a name of its own choosing instead of the default
 * {@code <java package>.<kebab-case class name>}.
 *
 * <p>A name is made of letters, digits, {@code .}, {@code -} and {@code _}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ServiceName {
    /** @return the service's name */
    String value();
}
