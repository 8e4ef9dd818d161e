package io.sigil.crypto.dkls23.setup;

import io.sigil.crypto.dkls23.AbortReason;
import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.SessionIds;
import io.sigil.crypto.dkls23.WireReader;
import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.hash.Dkls23Hash;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.ot.BaseOtException;
import io.sigil.crypto.ot.BaseOtReceiver;
import io.sigil.crypto.ot.BaseOtReceiverMessage;
import io.sigil.crypto.ot.BaseOtSender;
import io.sigil.crypto.ot.BaseOtSenderMessage;
import io.sigil.crypto.ot.ExtensionReceiverSeeds;
import io.sigil.crypto.ot.ExtensionSenderSeeds;
import io.sigil.crypto.ot.VerifiedMessage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Round S1 of the pairwise setup (spec §3.2–3.6) between this node X and a peer Y. X acts as Bob
 * of {@code X→Y} (base-OT sender, §3.3 part a), as Alice of {@code Y→X} (base-OT receiver, part b),
 * and commits to its zero-share seed half (§3.6). Both nodes send S1 at once.
 */
public final class SetupRound1 {

    /** Bob part (Z, K, σ_Z): 33 + 33 + 32 bytes. */
    public static final int BOB_PART_LENGTH = 98;
    /** Alice part: seed_h and κ = 256 entries (U_k, V_k, e0, e1, z0, z1) of 194 bytes. */
    public static final int ALICE_PART_LENGTH = 32 + 256 * 194;
    public static final int MESSAGE_LENGTH = BOB_PART_LENGTH + ALICE_PART_LENGTH + 32;

    private final String networkId;
    private final String myNode;
    private final String peerNode;
    private final SetupRequest request;
    private final byte[] pairSid;
    private final BaseOtSender bobSide;
    private final BaseOtReceiver aliceSide;
    private final byte[] zeroSeedHalf;
    private final byte[] zeroSalt;
    private final byte[] ownMessage;
    private boolean consumed;

    /** The S1 message: {@code BaseOtSenderMessage ‖ BaseOtReceiverMessage ‖ zc}. */
    public record Message(BaseOtSenderMessage bobPart, BaseOtReceiverMessage alicePart,
            byte[] zeroSeedCommitment) {

        public Message {
            zeroSeedCommitment = zeroSeedCommitment.clone();
        }

        @Override
        public byte[] zeroSeedCommitment() {
            return zeroSeedCommitment.clone();
        }

        public byte[] encode() {
            return Encoding.concat(bobPart.encode(), alicePart.encode(), zeroSeedCommitment);
        }

        public static Message decode(byte[] bytes) {
            WireReader reader = new WireReader(bytes, "setup S1");
            byte[] bob = reader.bytes(BOB_PART_LENGTH, "bob part");
            byte[] alice = reader.bytes(ALICE_PART_LENGTH, "alice part");
            byte[] commitment = reader.bytes(32, "zc");
            reader.finish();
            return new Message(BaseOtSenderMessage.decode(bob), BaseOtReceiverMessage.decode(alice),
                    commitment);
        }
    }

    private SetupRound1(String networkId, String myNode, String peerNode, SetupRequest request,
            SecureRandom rng) {
        this.networkId = networkId;
        this.myNode = myNode;
        this.peerNode = peerNode;
        this.request = request;
        this.pairSid = SessionIds.pairSid(networkId, myNode, peerNode, request.epoch(),
                request.generation(), request.setupNonce());
        this.bobSide = BaseOtSender.start(SessionIds.dirSid(pairSid, myNode, peerNode), rng);
        this.aliceSide = BaseOtReceiver.start(SessionIds.dirSid(pairSid, peerNode, myNode), rng);
        this.zeroSeedHalf = new byte[32];
        this.zeroSalt = new byte[32];
        rng.nextBytes(zeroSeedHalf);
        rng.nextBytes(zeroSalt);
        byte[] commitment = zeroSeedCommitment(pairSid, myNode, zeroSeedHalf, zeroSalt);
        this.ownMessage = new Message(bobSide.message(), aliceSide.message(), commitment).encode();
    }

    /**
     * Starts the setup with {@code peerNode} for {@code request} (sent by the smaller node id as S0,
     * checked by the other side with {@link SetupRequest#checkAcceptable}).
     */
    public static SetupRound1 start(String networkId, String myNode, String peerNode,
            SetupRequest request, SecureRandom rng) {
        if (myNode.equals(peerNode)) {
            throw new IllegalArgumentException("a node does not set up a pair with itself");
        }
        return new SetupRound1(networkId, myNode, peerNode, request, rng);
    }

    /** A peer's S1 that passed {@link #checkPeerMessage}, for {@link #finish(CheckedMessage)}. */
    public static final class CheckedMessage {
        private final byte[] pairSid;
        private final byte[] encoded;
        private final Message message;
        private final VerifiedMessage<BaseOtReceiverMessage> alicePart;

        private CheckedMessage(byte[] pairSid, byte[] encoded, Message message,
                VerifiedMessage<BaseOtReceiverMessage> alicePart) {
            this.pairSid = pairSid;
            this.encoded = encoded.clone();
            this.message = message;
            this.alicePart = alicePart;
        }
    }

    /**
     * The peer's S1 checked on its own (encoding, the peer's Schnorr proof and OR-proofs of §3.3),
     * before this node computes its own S1: a bad or junk S1 costs the verification only, which
     * stops at the first bad proof. Culprit the peer. {@link #finish(CheckedMessage)} then does
     * not repeat the OR-proof checks.
     */
    public static CheckedMessage checkPeerMessage(String networkId, String myNode, String peerNode, SetupRequest request,
            byte[] peerMessage) throws Dkls23Abort {
        byte[] pairSid = SessionIds.pairSid(networkId, myNode, peerNode, request.epoch(), request.generation(),
                request.setupNonce());
        Message peer;
        try {
            peer = Message.decode(peerMessage);
        } catch (InvalidEncodingException e) {
            throw Dkls23Abort.blame(new AbortReason.InvalidMessage("setup S1"), peerNode, pairSid);
        }
        try {
            BaseOtReceiver.verify(SessionIds.dirSid(pairSid, peerNode, myNode), peer.bobPart());
        } catch (BaseOtException e) {
            throw Dkls23Abort.blame(new AbortReason.SetupProofInvalid("Schnorr proof"), peerNode, pairSid);
        }
        try {
            return new CheckedMessage(pairSid, peerMessage, peer,
                    BaseOtSender.verify(SessionIds.dirSid(pairSid, myNode, peerNode), peer.alicePart()));
        } catch (BaseOtException e) {
            throw Dkls23Abort.blame(new AbortReason.SetupProofInvalid("OR-proof"), peerNode, pairSid);
        }
    }

    public byte[] pairSid() {
        return pairSid.clone();
    }

    /** The encoded S1 message for the peer (public values and a hiding commitment only). */
    public byte[] message() {
        return ownMessage.clone();
    }

    /**
     * Checks the peer's S1 (proofs of §3.3), derives both directions' seeds and returns round S2.
     * Consumes this round.
     */
    public SetupRound2 finish(byte[] peerMessage) throws Dkls23Abort {
        consume();
        Message peer;
        try {
            peer = Message.decode(peerMessage);
        } catch (InvalidEncodingException e) {
            wipe();
            throw Dkls23Abort.blame(new AbortReason.InvalidMessage("setup S1"), peerNode, pairSid);
        }
        ExtensionReceiverSeeds bobSeeds;
        try {
            bobSeeds = bobSide.finish(peer.alicePart());
        } catch (BaseOtException e) {
            wipe();
            throw Dkls23Abort.blame(new AbortReason.SetupProofInvalid("OR-proof"), peerNode, pairSid);
        }
        return finish(peerMessage, peer, bobSeeds);
    }

    /** {@link #finish(byte[])} for a peer S1 already checked by {@link #checkPeerMessage} for this setup. */
    public SetupRound2 finish(CheckedMessage checked) throws Dkls23Abort {
        if (!Arrays.equals(checked.pairSid, pairSid)) {
            throw new IllegalArgumentException("the S1 was checked for another setup");
        }
        consume();
        return finish(checked.encoded, checked.message, bobSide.finish(checked.alicePart));
    }

    private void consume() {
        if (consumed) {
            throw new IllegalStateException("setup round 1 already finished");
        }
        consumed = true;
    }

    private SetupRound2 finish(byte[] peerMessage, Message peer, ExtensionReceiverSeeds bobSeeds) throws Dkls23Abort {
        ExtensionSenderSeeds aliceSeeds;
        try {
            aliceSeeds = aliceSide.finish(peer.bobPart());
        } catch (BaseOtException e) {
            bobSeeds.destroy();
            wipe();
            throw Dkls23Abort.blame(new AbortReason.SetupProofInvalid("Schnorr proof"), peerNode,
                    pairSid);
        }
        boolean iAmA = SessionIds.compareNodeIds(myNode, peerNode) < 0;
        byte[] transcript = Dkls23Hash.h("pair/transcript", iAmA ? ownMessage : peerMessage,
                iAmA ? peerMessage : ownMessage);
        SetupRound2 next = new SetupRound2(myNode, peerNode, request, pairSid, zeroSeedHalf,
                zeroSalt, peer.zeroSeedCommitment(), transcript, bobSeeds, aliceSeeds);
        wipe();
        return next;
    }

    private void wipe() {
        Arrays.fill(zeroSeedHalf, (byte) 0);
        Arrays.fill(zeroSalt, (byte) 0);
    }

    /** {@code zc_X = H("zero-seed/commit"; pair_sid, N_X, zs_X, zsalt_X)} (spec §3.6). */
    static byte[] zeroSeedCommitment(byte[] pairSid, String node, byte[] seedHalf, byte[] salt) {
        return Dkls23Hash.h("zero-seed/commit", pairSid, node.getBytes(StandardCharsets.UTF_8),
                seedHalf, salt);
    }

    /** {@code conf_X = H("pair/confirm"; pair_sid, N_X, transcript)} (spec §3.6). */
    static byte[] confirmation(byte[] pairSid, String node, byte[] transcript) {
        return Dkls23Hash.h("pair/confirm", pairSid, node.getBytes(StandardCharsets.UTF_8),
                transcript);
    }

    String networkId() {
        return networkId;
    }
}
