package io.sigil.testing.protocol;

import io.sigil.crypto.dkls23.AbortReason;
import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.crypto.dkls23.SignRequestContext;
import io.sigil.crypto.dkls23.sign.Presignature;
import io.sigil.crypto.dkls23.sign.SignRound1;
import io.sigil.crypto.dkls23.sign.SignRound2;
import io.sigil.crypto.dkls23.sign.SignRound3;
import io.sigil.crypto.dkls23.sign.SignerInput;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.feldman.DealtKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Drives one signing or presignature session among the members of {@code context.party()} over
 * the in-memory network, round by round: collect every live member's envelopes, pass them through
 * the {@link MessageInterceptor}, shuffle them (delivery order is not guaranteed), deliver them as
 * bytes, then let each member finish its round. A member still missing messages after delivery
 * times out naming exactly the members it waits for (spec §8 row 2). The driver never blocks.
 */
public final class SigningSession {

    private final InMemoryNetwork network;
    private final SignRequestContext context;
    private final DealtKey key;
    private final Map<Integer, Scalar> shareOverrides = new HashMap<>();
    private Point storedPublicKeyOverride;
    private MessageInterceptor interceptor = MessageInterceptor.NONE;
    private IntConsumer beforeRound = round -> { };
    private final Map<Integer, List<RoundEnvelope>> injected = new HashMap<>();
    private long shuffleSeed = 1;

    SigningSession(InMemoryNetwork network, SignRequestContext context, DealtKey key) {
        this.network = network;
        this.context = context;
        this.key = key;
    }

    public SigningSession interceptor(MessageInterceptor value) {
        this.interceptor = value;
        return this;
    }

    /** Gives committee {@code index} another key share (e.g. a share of another key). */
    public SigningSession shareOverride(int index, Scalar share) {
        shareOverrides.put(index, share);
        return this;
    }

    public SigningSession storedPublicKey(Point value) {
        this.storedPublicKeyOverride = value;
        return this;
    }

    /** Called with the round number before each round's messages are collected (for barriers). */
    public SigningSession beforeRound(IntConsumer hook) {
        this.beforeRound = hook;
        return this;
    }

    /** Delivers {@code extra} (e.g. envelopes of another session) together with round {@code round}. */
    public SigningSession inject(int round, List<RoundEnvelope> extra) {
        injected.computeIfAbsent(round, r -> new ArrayList<>()).addAll(extra);
        return this;
    }

    public SigningSession shuffleSeed(long seed) {
        this.shuffleSeed = seed;
        return this;
    }

    public SignerInput inputFor(PartyId member) {
        Scalar share = shareOverrides.containsKey(member.index()) ? shareOverrides.get(member.index())
                : key.shard(member.index()).share();
        Point stored = storedPublicKeyOverride != null ? storedPublicKeyOverride : key.publicKey();
        TestNode node = network.node(member.index());
        return new SignerInput(context, member, share, stored, node.pairs(), node.usedSessions(),
                network.clock());
    }

    /** Rounds 1–3 (or 1–2 and steps a–h for a presignature context). */
    public SessionOutcome run() {
        Map<String, Object> live = new LinkedHashMap<>();
        Map<String, Dkls23Abort> aborts = new LinkedHashMap<>();
        for (PartyId member : context.party().members()) {
            try {
                live.put(member.nodeId(), SignRound1.start(inputFor(member), network.rng()));
            } catch (Dkls23Abort abort) {
                aborts.put(member.nodeId(), abort);
            }
        }
        return runRounds(live, aborts, 1);
    }

    /**
     * Round 3 of presignatures: every member completes its presignature with {@code digest}
     * (marking it consumed first), then the round-3 broadcasts are exchanged.
     */
    public SessionOutcome completePresignatures(Map<String, Presignature> presignatures, byte[] digest) {
        Map<String, Object> live = new LinkedHashMap<>();
        Map<String, Dkls23Abort> aborts = new LinkedHashMap<>();
        for (PartyId member : context.party().members()) {
            Presignature presignature = presignatures.get(member.nodeId());
            try {
                live.put(member.nodeId(), presignature.complete(digest, context.userId(), context.keyId(), context.publicKey(),
                        context.party(),
                        network.node(member.index()).consumedPresignatures(), network.clock()));
            } catch (Dkls23Abort abort) {
                aborts.put(member.nodeId(), abort);
            }
        }
        return runRounds(live, aborts, 3);
    }

    private SessionOutcome runRounds(Map<String, Object> live, Map<String, Dkls23Abort> aborts, int firstRound) {
        Map<String, EcdsaSignature> signatures = new LinkedHashMap<>();
        Map<String, Presignature> presignatures = new LinkedHashMap<>();
        List<RoundEnvelope> transcript = new ArrayList<>();
        Random shuffler = new Random(shuffleSeed);
        for (int round = firstRound; round <= 3 && !live.isEmpty(); round++) {
            beforeRound.accept(round);
            List<RoundEnvelope> deliveries = new ArrayList<>();
            for (Object state : live.values()) {
                List<RoundEnvelope> out = outgoing(state);
                transcript.addAll(out);
                for (RoundEnvelope envelope : out) {
                    deliveries.addAll(interceptor.intercept(envelope));
                }
            }
            deliveries.addAll(injected.getOrDefault(round, List.of()));
            Collections.shuffle(deliveries, shuffler);
            for (RoundEnvelope envelope : deliveries) {
                for (String recipient : recipients(envelope)) {
                    Object state = live.get(recipient);
                    if (state == null) {
                        continue;
                    }
                    try {
                        store(state, envelope);
                    } catch (Dkls23Abort abort) {
                        live.remove(recipient);
                        aborts.put(recipient, abort);
                    }
                }
            }
            for (String node : new ArrayList<>(live.keySet())) {
                Object state = live.get(node);
                Set<String> missing = missing(state);
                if (!missing.isEmpty()) {
                    live.remove(node);
                    aborts.put(node, Dkls23Abort.timeout(missing, signSid(state)));
                    continue;
                }
                try {
                    Object next = advance(state);
                    if (next instanceof EcdsaSignature signature) {
                        signatures.put(node, signature);
                        live.remove(node);
                    } else if (next instanceof Presignature presignature) {
                        presignatures.put(node, presignature);
                        live.remove(node);
                    } else {
                        live.put(node, next);
                    }
                } catch (Dkls23Abort abort) {
                    live.remove(node);
                    aborts.put(node, abort);
                }
            }
        }
        return new SessionOutcome(signatures, aborts, presignatures, transcript);
    }

    private List<String> recipients(RoundEnvelope envelope) {
        if (envelope.kind() == RoundEnvelope.Kind.DIRECT) {
            return List.of(envelope.to());
        }
        return context.party().members().stream().map(PartyId::nodeId)
                .filter(node -> !node.equals(envelope.from())).toList();
    }

    private static List<RoundEnvelope> outgoing(Object state) {
        return switch (state) {
            case SignRound1 r -> r.outgoing();
            case SignRound2 r -> r.outgoing();
            case SignRound3 r -> r.outgoing();
            default -> throw new IllegalStateException("unknown stage");
        };
    }

    private static void store(Object state, RoundEnvelope envelope) throws Dkls23Abort {
        switch (state) {
            case SignRound1 r -> r.store(envelope);
            case SignRound2 r -> r.store(envelope);
            case SignRound3 r -> r.store(envelope);
            default -> throw new IllegalStateException("unknown stage");
        }
    }

    private static Set<String> missing(Object state) {
        return switch (state) {
            case SignRound1 r -> r.missing();
            case SignRound2 r -> r.missing();
            case SignRound3 r -> r.missing();
            default -> throw new IllegalStateException("unknown stage");
        };
    }

    private static byte[] signSid(Object state) {
        return switch (state) {
            case SignRound1 r -> r.signSid();
            case SignRound2 r -> r.signSid();
            case SignRound3 r -> r.signSid();
            default -> new byte[0];
        };
    }

    private Object advance(Object state) throws Dkls23Abort {
        return switch (state) {
            case SignRound1 r -> r.finish();
            case SignRound2 r -> context.isPresignature() ? r.finishPresignature() : r.finish();
            case SignRound3 r -> r.finish();
            default -> throw new IllegalStateException("unknown stage");
        };
    }

    /** Convenience: the reason of {@code node}'s abort, or null. */
    public static AbortReason reasonOf(SessionOutcome outcome, String node) {
        Dkls23Abort abort = outcome.aborts().get(node);
        return abort == null ? null : abort.reason();
    }
}
