package io.conduit.server.invoke;

import io.conduit.api.Kvdb;
import io.conduit.api.Outgoing;
import io.conduit.api.ServiceException;
import java.lang.reflect.Proxy;

/** Placeholders until outgoing connections and the KVDB are wired. */
public final class Unavailable {

    public static final Outgoing OUTGOING = proxy(Outgoing.class, "outgoing connections");
    public static final Kvdb KVDB = proxy(Kvdb.class, "the key/value database");

    private Unavailable() {
    }

    private static <T> T proxy(Class<T> type, String what) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            throw new ServiceException(what + " are not configured on this node");
        }));
    }
}
