package io.sigil.node.jobs;

import io.sigil.crypto.dkls23.AbortReason;
import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.crypto.dkls23.sign.SignRound1;
import io.sigil.crypto.dkls23.sign.SignRound2;
import io.sigil.crypto.dkls23.sign.SignRound3;
import io.sigil.crypto.dkls23.sign.SignerInput;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * One DKLs23 signing session (spec §6) as a {@link Job}: round 1 → 2 → 3 → signature. Each round's
 * {@code outgoing()} envelopes go to the sink when the round starts; inbound envelopes are stored
 * in the current round, and the job moves on as soon as a round has every peer's message.
 * Envelopes of a later round (peers run ahead) are held until this party reaches that round.
 * A {@link Dkls23Abort} ends the job with its reason, class and culprits (spec §8).
 *
 * <p>The result is published through {@link #outcome()}. The session id to submit under is
 * {@link #sessionId()} ({@code sign_sid}), which all members compute alike.
 */
public final class SigningJob implements Job<RoundEnvelope, EcdsaSignature> {

    private static final int LAST_ROUND = 3;

    /** Identity of an envelope from a given sender: one broadcast and one direct part per round. */
    record EnvelopeKey(int round, RoundEnvelope.Kind kind) {
    }

    private final SignerInput input;
    private final SecureRandom rng;
    private final byte[] signSid;
    private final Set<String> peers;
    private final CompletableFuture<JobOutcome<EcdsaSignature>> outcome = new CompletableFuture<>();

    // Touched only on the session's lane (see Job).
    private JobSink<RoundEnvelope> sink;
    private int stage;
    private SignRound1 round1;
    private SignRound2 round2;
    private SignRound3 round3;
    private final TreeMap<Integer, List<RoundEnvelope>> heldForLaterRounds = new TreeMap<>();

    /**
     * @param input the context must carry a 32-byte digest (presignatures are not driven here);
     *              the node has checked the user's request and its registry membership before
     */
    public SigningJob(SignerInput input, SecureRandom rng) {
        this.input = Objects.requireNonNull(input, "input");
        this.rng = Objects.requireNonNull(rng, "rng");
        if (input.context().isPresignature()) {
            throw new IllegalArgumentException("a signing job needs a message digest");
        }
        this.signSid = input.context().signSid();
        this.peers = input.context().party().others(input.self()).stream().map(PartyId::nodeId)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** {@code sign_sid}: the key under which to submit this job and route its envelopes. */
    public byte[] sessionId() {
        return signSid.clone();
    }

    /** Completes once, when the session ends: the signature, or why and whom to blame. */
    public CompletableFuture<JobOutcome<EcdsaSignature>> outcome() {
        return outcome.copy();
    }

    @Override
    public Set<String> peers() {
        return peers;
    }

    @Override
    public Object messageKey(RoundEnvelope envelope) {
        return new EnvelopeKey(envelope.round(), envelope.kind());
    }

    @Override
    public JobStep<EcdsaSignature> start(JobSink<RoundEnvelope> outgoing) {
        this.sink = outgoing;
        try {
            // Step 4 pre-checks and round 1; the sign_sid is logged as used before anything is sent.
            round1 = SignRound1.start(input, rng);
            stage = 1;
            sink.sendAll(round1.outgoing());
            return advanceWhileComplete();
        } catch (Dkls23Abort abort) {
            return failed(abort);
        }
    }

    @Override
    public JobStep<EcdsaSignature> onMessage(String from, RoundEnvelope envelope) {
        try {
            if (!envelope.from().equals(from)) {
                throw Dkls23Abort.blame(new AbortReason.UnexpectedSender(
                        "envelope sender differs from the authenticated sender"), from, signSid);
            }
            int round = envelope.round();
            if (round < 1 || round > LAST_ROUND) {
                throw Dkls23Abort.blame(new AbortReason.UnexpectedSender("no round " + round), from, signSid);
            }
            if (round > stage) {
                // A peer that finished the round earlier already sent the next one; keep it.
                heldForLaterRounds.computeIfAbsent(round, r -> new ArrayList<>()).add(envelope);
                return JobStep.running();
            }
            if (round < stage) {
                // A round is left only with every peer's part in, so this repeats one: ignore it.
                return JobStep.running();
            }
            store(envelope);
            return advanceWhileComplete();
        } catch (Dkls23Abort abort) {
            return failed(abort);
        }
    }

    @Override
    public int stage() {
        return stage;
    }

    @Override
    public Set<String> waitingFor() {
        return switch (stage) {
            case 1 -> round1.missing();
            case 2 -> round2.missing();
            case 3 -> round3.missing();
            default -> peers;
        };
    }

    @Override
    public void ended(JobOutcome<EcdsaSignature> result) {
        // The rounds wipe their secrets as they finish; dropping them releases what remains.
        round1 = null;
        round2 = null;
        round3 = null;
        heldForLaterRounds.clear();
        outcome.complete(result);
    }

    private void store(RoundEnvelope envelope) throws Dkls23Abort {
        switch (stage) {
            case 1 -> round1.store(envelope);
            case 2 -> round2.store(envelope);
            case 3 -> round3.store(envelope);
            default -> throw new IllegalStateException("not started");
        }
    }

    private boolean currentComplete() {
        return switch (stage) {
            case 1 -> round1.isComplete();
            case 2 -> round2.isComplete();
            case 3 -> round3.isComplete();
            default -> false;
        };
    }

    /** Finishes rounds while they are complete, feeding each new round what was held for it. */
    private JobStep<EcdsaSignature> advanceWhileComplete() throws Dkls23Abort {
        while (currentComplete()) {
            switch (stage) {
                case 1 -> {
                    round2 = round1.finish();
                    round1 = null;
                    stage = 2;
                    sink.sendAll(round2.outgoing());
                }
                case 2 -> {
                    round3 = round2.finish();
                    round2 = null;
                    stage = 3;
                    sink.sendAll(round3.outgoing());
                }
                default -> {
                    EcdsaSignature signature = round3.finish();
                    round3 = null;
                    stage = LAST_ROUND + 1;
                    return JobStep.completed(signature);
                }
            }
            for (RoundEnvelope held : heldForLaterRounds.getOrDefault(stage, List.of())) {
                store(held);
            }
            heldForLaterRounds.remove(stage);
        }
        return JobStep.running();
    }

    private static JobStep<EcdsaSignature> failed(Dkls23Abort abort) {
        return JobStep.ended(JobOutcome.failed(abort.reason().code(), abort.abortClass(),
                abort.culprits(), abort.getMessage()));
    }
}
