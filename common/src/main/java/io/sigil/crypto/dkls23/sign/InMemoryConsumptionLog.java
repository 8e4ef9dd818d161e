package io.sigil.crypto.dkls23.sign;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ConsumptionLog} in memory, for tests and the in-JVM harness (not durable). */
public final class InMemoryConsumptionLog implements ConsumptionLog {

    private final Set<ByteBuffer> consumed = ConcurrentHashMap.newKeySet();

    @Override
    public boolean markConsumed(byte[] presignatureSid) {
        return consumed.add(ByteBuffer.wrap(presignatureSid.clone()));
    }

    public boolean isConsumed(byte[] presignatureSid) {
        return consumed.contains(ByteBuffer.wrap(presignatureSid));
    }
}
