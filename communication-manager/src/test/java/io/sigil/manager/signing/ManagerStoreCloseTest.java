package io.sigil.manager.signing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.event.BeanDestroyedEvent;
import io.micronaut.context.event.BeanDestroyedEventListener;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.StoreOptions;
import io.sigil.kvdb.keys.MasterKeySettings;
import io.sigil.manager.store.RequestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request that reaches the manager while its context closes, played deterministically: right
 * after the context closed the request store, a listener resolves it the way a late request's
 * beans would. The store must not be opened again (nothing would close it, and its RocksDB LOCK
 * would refuse the manager's next start).
 */
class ManagerStoreCloseTest {

    static final class ResolveAfterClose implements BeanDestroyedEventListener<RequestStore> {
        volatile ApplicationContext context;
        volatile RequestStore reopened;
        volatile RuntimeException refusal;

        @Override
        public void onDestroyed(BeanDestroyedEvent<RequestStore> event) {
            try {
                reopened = context.getBean(RequestStore.class);
            } catch (RuntimeException refused) {
                refusal = refused;
            }
        }
    }

    @Test
    void theRequestStoreResolvedWhileTheContextClosesIsNotOpenedAgainSoTheNextStartFindsItFree(@TempDir Path directory)
            throws Exception {
        ManagerNetwork network = new ManagerNetwork(directory, 2, 1);
        ResolveAfterClose late = new ResolveAfterClose();
        network.startManager(1, "5s", Map.of(), late);
        late.context = network.context();
        network.context().getBean(RequestStore.class);
        network.stopManager();

        assertNull(late.reopened, "the closing context built a second request store");
        assertNotNull(late.refusal, "the late resolution ran and was refused");
        Path store = network.managerDirectory();
        try (EncryptedStore next = EncryptedStore.open(StoreOptions.of(store.resolve("store"),
                MasterKeySettings.resolve(store.resolve("store-kek.json").toString(), "", ""),
                RequestStore.REQUESTS, RequestStore.KEY_REQUESTS))) {
            assertTrue(next.sequenceNumber() >= 0);
        }
    }
}
