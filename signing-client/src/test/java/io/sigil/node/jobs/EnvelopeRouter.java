package io.sigil.node.jobs;

import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.crypto.dkls23.SigningParty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * An in-memory transport between JobManagers: a broadcast goes to every other member of the
 * session's party, a direct envelope to its recipient. Deliveries to chosen nodes can be held
 * back and released in reverse order (peers running ahead), and envelopes can be rewritten on the
 * way (a faulty sender).
 */
final class EnvelopeRouter {

    record Held(String recipient, RoundEnvelope envelope) {
    }

    private final Map<String, JobManager<RoundEnvelope>> managers = new ConcurrentHashMap<>();
    private final Map<SessionKey, SigningParty> parties = new ConcurrentHashMap<>();
    private final Set<String> holding = ConcurrentHashMap.newKeySet();
    private final List<Held> held = new CopyOnWriteArrayList<>();
    private final List<Held> deliveredLog = new CopyOnWriteArrayList<>();
    private volatile UnaryOperator<RoundEnvelope> rewrite = UnaryOperator.identity();

    void attach(String node, JobManager<RoundEnvelope> manager) {
        managers.put(node, manager);
    }

    void session(byte[] sessionId, SigningParty party) {
        parties.put(SessionKey.of(sessionId), party);
    }

    Outbound<RoundEnvelope> outbound() {
        return (session, envelope) -> route(session, envelope);
    }

    void hold(String node) {
        holding.add(node);
    }

    void rewrite(UnaryOperator<RoundEnvelope> operator) {
        this.rewrite = operator;
    }

    /** Stops holding and delivers what was held, newest first. */
    void releaseInReverse() {
        holding.clear();
        List<Held> toDeliver = new ArrayList<>(held);
        held.clear();
        for (int i = toDeliver.size() - 1; i >= 0; i--) {
            deliver(toDeliver.get(i).recipient(), toDeliver.get(i).envelope());
        }
    }

    int heldCount() {
        return held.size();
    }

    /** Envelopes handed to {@code node}'s manager, in order. */
    List<RoundEnvelope> deliveredTo(String node) {
        return deliveredLog.stream().filter(h -> h.recipient().equals(node)).map(Held::envelope).toList();
    }

    private void route(SessionKey session, RoundEnvelope original) {
        RoundEnvelope envelope = rewrite.apply(original);
        List<String> recipients = envelope.kind() == RoundEnvelope.Kind.DIRECT ? List.of(envelope.to())
                : parties.get(session).members().stream().map(PartyId::nodeId)
                        .filter(node -> !node.equals(envelope.from())).toList();
        for (String recipient : recipients) {
            if (holding.contains(recipient)) {
                held.add(new Held(recipient, envelope));
            } else {
                deliver(recipient, envelope);
            }
        }
    }

    private void deliver(String recipient, RoundEnvelope envelope) {
        deliveredLog.add(new Held(recipient, envelope));
        managers.get(recipient).deliver(envelope.sessionId(), envelope.from(), envelope);
    }
}
