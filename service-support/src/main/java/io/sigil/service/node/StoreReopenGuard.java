package io.sigil.service.node;

import io.micronaut.context.BeanContext;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Keeps a service's store from being opened again by the context that closed it. While a context
 * closes, Micronaut forgets each singleton before destroying it and still builds beans on demand:
 * a request arriving then would build a second store bean and open the store after the first one
 * closed it, and nothing would ever close that one (its RocksDB LOCK then refuses the service's
 * next start). Before the close, such an open already fails on the held lock. A new context (a
 * restart in the same JVM) opens the store as usual.
 */
public final class StoreReopenGuard {

    private static final Set<BeanContext> CLOSED_IN = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    private StoreReopenGuard() {
    }

    /** Call before opening the store: refuses when {@code context} already closed it. */
    public static void beforeOpen(BeanContext context, String service) {
        if (CLOSED_IN.contains(context)) {
            throw new IllegalStateException("the " + service + " is stopping: its store is closed and is not opened again");
        }
    }

    /** Call first in the store's close, so no late request of {@code context} reopens it. */
    public static void closing(BeanContext context) {
        CLOSED_IN.add(context);
    }
}
