package io.sigil.crypto.dkls23;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

/** {@link UsedSessionLog} in memory, for tests and the in-JVM harness (not durable). */
public final class InMemoryUsedSessionLog implements UsedSessionLog {

    private final ConcurrentHashMap<ByteBuffer, Long> used = new ConcurrentHashMap<>();

    @Override
    public boolean markUsed(byte[] signSid, long expiryUnixSeconds) {
        return used.putIfAbsent(ByteBuffer.wrap(signSid.clone()), expiryUnixSeconds) == null;
    }

    @Override
    public boolean contains(byte[] signSid) {
        return used.containsKey(ByteBuffer.wrap(signSid));
    }

    /** Drops entries whose expiry (plus {@code skewSeconds}) is before {@code nowUnixSeconds}. */
    public void prune(long nowUnixSeconds, long skewSeconds) {
        used.values().removeIf(expiry -> expiry + skewSeconds < nowUnixSeconds);
    }
}
