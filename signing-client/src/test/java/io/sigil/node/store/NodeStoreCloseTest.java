package io.sigil.node.store;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.event.BeanDestroyedEvent;
import io.micronaut.context.event.BeanDestroyedEventListener;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.Namespace;
import io.sigil.kvdb.StoreOptions;
import io.sigil.kvdb.keys.MasterKeySettings;
import io.sigil.node.SigningClientApplication;
import io.sigil.node.transport.TestNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request that reaches a node while its context closes, played deterministically: right after the
 * context closed the store, a listener resolves the store the way a late request's beans would.
 */
class NodeStoreCloseTest {

    /** Resolves the store once the context has destroyed it, as a request arriving mid-close does. */
    static final class ResolveAfterClose implements BeanDestroyedEventListener<NodeStore> {
        volatile ApplicationContext context;
        volatile NodeStore reopened;
        volatile RuntimeException refusal;

        @Override
        public void onDestroyed(BeanDestroyedEvent<NodeStore> event) {
            try {
                reopened = context.getBean(NodeStore.class);
            } catch (RuntimeException refused) {
                refusal = refused;
            }
        }
    }

    @Test
    void aStoreResolvedWhileTheContextClosesIsNotOpenedAgainSoTheNextStartFindsItFree(@TempDir Path directory)
            throws Exception {
        TestNodes nodes = TestNodes.create(directory, 2);
        ResolveAfterClose late = new ResolveAfterClose();
        ApplicationContext context = ApplicationContext.builder()
                .deduceEnvironment(false)
                .environments(SigningClientApplication.ENVIRONMENT)
                .properties(Map.of(
                        "sigil.node-id", "node-1",
                        "sigil.registry", nodes.registryFile().toString(),
                        "sigil.data-dir", nodes.dataDirectory("node-1").toString(),
                        "sigil.store.kek-keyset", nodes.storeKeyFile("node-1").toString(),
                        "micronaut.server.port", -1,
                        "micronaut.server.host", "127.0.0.1"))
                .singletons(late)
                .start();
        late.context = context;
        context.getBean(NodeStore.class);
        context.close();

        assertNull(late.reopened, "the closing context built a second store");
        assertNotNull(late.refusal, "the late resolution ran and was refused");
        // what the node's next start does: open the directory; a store left open would hold its LOCK
        try (EncryptedStore next = EncryptedStore.open(StoreOptions.of(nodes.dataDirectory("node-1").resolve("store"),
                MasterKeySettings.resolve(nodes.storeKeyFile("node-1").toString(), "", ""),
                NodeStore.NAMESPACES.toArray(Namespace[]::new)))) {
            assertTrue(next.sequenceNumber() >= 0);
        }
    }
}
