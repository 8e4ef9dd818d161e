package io.sigil.testing.protocol;

import io.sigil.crypto.dkls23.RoundEnvelope;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Fault injection on the in-memory network: sees every envelope of a round before delivery and
 * returns what to deliver instead (nothing = drop, a changed payload = corruption, several copies
 * = duplicate). Envelopes of earlier rounds can be replayed through {@link SigningSession#replay}.
 */
@FunctionalInterface
public interface MessageInterceptor {

    List<RoundEnvelope> intercept(RoundEnvelope envelope);

    /** Delivers everything unchanged. */
    MessageInterceptor NONE = List::of;

    static Predicate<RoundEnvelope> from(String node, int round) {
        return e -> e.from().equals(node) && e.round() == round;
    }

    static Predicate<RoundEnvelope> from(String node, int round, RoundEnvelope.Kind kind) {
        return e -> e.from().equals(node) && e.round() == round && e.kind() == kind;
    }

    /** Drops every envelope matching {@code which}. */
    static MessageInterceptor drop(Predicate<RoundEnvelope> which) {
        return e -> which.test(e) ? List.of() : List.of(e);
    }

    /** Replaces the payload of every envelope matching {@code which} by {@code mutation(payload)}. */
    static MessageInterceptor corrupt(Predicate<RoundEnvelope> which, UnaryOperator<byte[]> mutation) {
        return e -> which.test(e) ? List.of(e.withPayload(mutation.apply(e.payload()))) : List.of(e);
    }

    /** Delivers every envelope matching {@code which} twice. */
    static MessageInterceptor duplicate(Predicate<RoundEnvelope> which) {
        return e -> which.test(e) ? List.of(e, e) : List.of(e);
    }

    /** Flips bit 0 of byte {@code offset} (a field-level corruption when the layout is known). */
    static UnaryOperator<byte[]> flipByte(int offset) {
        return payload -> {
            byte[] copy = payload.clone();
            copy[offset] ^= 0x01;
            return copy;
        };
    }

    static UnaryOperator<byte[]> truncate() {
        return payload -> java.util.Arrays.copyOf(payload, payload.length - 1);
    }
}
