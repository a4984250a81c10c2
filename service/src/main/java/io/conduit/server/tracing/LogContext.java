package io.conduit.server.tracing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.opentelemetry.api.trace.SpanContext;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * What an invocation's log lines carry in the logging context (MDC): its cid, its trace and span
 * ids, and its service. An invocation only says which it is running ({@link #enter}); the values go
 * into the MDC when the invocation logs a line that will be written, through a logback filter that
 * every logging call passes ({@link #install}). Most invocations log nothing: four puts and a clear
 * of the MDC on every one cost a Kafka channel's worker a fifth of its time. A nested invocation's
 * values replace the caller's while it runs; what the MDC held before comes back when it returns.
 */
public final class LogContext {

    private static final ThreadLocal<LogContext> CURRENT = new ThreadLocal<>();

    private final String cid;
    private final SpanContext span;
    private final String service;
    /** The invocation this one runs in, or null. */
    private final LogContext outer;
    /** Whether its values are in the MDC, and what the MDC held before they were put there. */
    private boolean applied;
    private Map<String, String> before;

    private LogContext(String cid, SpanContext span, String service, LogContext outer) {
        this.cid = cid;
        this.span = span;
        this.service = service;
        this.outer = outer;
    }

    /** @return the invocation now running on this thread, to {@link #restore} when it returns */
    public static LogContext enter(String cid, SpanContext span, String service) {
        LogContext context = new LogContext(cid, span, service, CURRENT.get());
        CURRENT.set(context);
        return context;
    }

    /** Puts back what the MDC and this thread held before the invocation. */
    public void restore() {
        if (applied) {
            if (before == null || before.isEmpty()) {
                MDC.clear();
            } else {
                MDC.setContextMap(before);
            }
        }
        CURRENT.set(outer);
    }

    /** @return the cid of the invocation running on this thread, or null outside any */
    public static String cid() {
        LogContext current = CURRENT.get();
        return current == null ? null : current.cid;
    }

    /** @return the service running on this thread, or null outside any invocation */
    public static String service() {
        LogContext current = CURRENT.get();
        return current == null ? null : current.service;
    }

    /** Puts the running invocation's values in the MDC, once, before a line is logged. */
    private static void applyCurrent() {
        LogContext current = CURRENT.get();
        if (current != null && !current.applied) {
            current.before = MDC.getCopyOfContextMap();
            MDC.put("cid", current.cid);
            MDC.put("trace_id", current.span.getTraceId());
            MDC.put("span_id", current.span.getSpanId());
            MDC.put("service", current.service);
            // the caller's values, if they were put, are what this one's restore puts back
            current.applied = true;
        }
    }

    /**
     * Makes the logging calls of the JVM's logback context put the running invocation's values in the
     * MDC, from now on and after each time logback is configured anew (which drops its filters).
     */
    public static void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            addFilter(context);
            if (context.getCopyOfListenerList().stream().noneMatch(AddedAgain.class::isInstance)) {
                context.addListener(new AddedAgain());
            }
        }
    }

    private static void addFilter(LoggerContext context) {
        if (context.getTurboFilterList().stream().noneMatch(Filter.class::isInstance)) {
            Filter filter = new Filter();
            filter.setContext(context);
            filter.setName("conduit-invocation-log-context");
            filter.start();
            context.addTurboFilter(filter);
        }
    }

    /** Adds the filter again after logback was reset (a reset keeps this listener, not the filters). */
    private static final class AddedAgain implements LoggerContextListener {
        @Override
        public boolean isResetResistant() {
            return true;
        }

        @Override
        public void onReset(LoggerContext context) {
            addFilter(context);
        }

        @Override
        public void onStart(LoggerContext context) {
        }

        @Override
        public void onStop(LoggerContext context) {
        }

        @Override
        public void onLevelChange(Logger logger, Level level) {
        }
    }

    /** Passes every logging call, putting the invocation's values in the MDC when the line will be written. */
    private static final class Filter extends TurboFilter {
        @Override
        public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                                  Throwable t) {
            if (level != null && level.isGreaterOrEqual(logger.getEffectiveLevel())) {
                applyCurrent();
            }
            return FilterReply.NEUTRAL;
        }
    }
}
