package io.sigil.crypto.dkls23.setup;

import static org.bouncycastle.util.Arrays.constantTimeAreEqual;

import io.sigil.crypto.dkls23.AbortReason;
import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.WireReader;
import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.ot.ExtensionReceiverSeeds;
import io.sigil.crypto.ot.ExtensionSenderSeeds;
import java.util.Arrays;

/**
 * Round S2 of the pairwise setup: open the zero-seed commitment and confirm the S1 transcript
 * (spec §3.6). {@link #finish} checks the peer's opening and confirmation and yields the
 * {@link PairState} to store. Failures store nothing (spec §3.7).
 */
public final class SetupRound2 {

    public static final int MESSAGE_LENGTH = 96;

    private final String myNode;
    private final String peerNode;
    private final SetupRequest request;
    private final byte[] pairSid;
    private final byte[] zeroSeedHalf;
    private final byte[] zeroSalt;
    private final byte[] peerCommitment;
    private final byte[] transcript;
    private final ExtensionReceiverSeeds bobSeeds;
    private final ExtensionSenderSeeds aliceSeeds;
    private boolean consumed;

    /** S2: {@code zs_X ‖ zsalt_X ‖ conf_X}. Secret: it travels only inside encrypted envelopes. */
    public record Message(byte[] zeroSeedHalf, byte[] zeroSalt, byte[] confirmation) {

        public Message {
            zeroSeedHalf = zeroSeedHalf.clone();
            zeroSalt = zeroSalt.clone();
            confirmation = confirmation.clone();
        }

        @Override
        public byte[] zeroSeedHalf() {
            return zeroSeedHalf.clone();
        }

        @Override
        public byte[] zeroSalt() {
            return zeroSalt.clone();
        }

        @Override
        public byte[] confirmation() {
            return confirmation.clone();
        }

        public byte[] encode() {
            return Encoding.concat(zeroSeedHalf, zeroSalt, confirmation);
        }

        public static Message decode(byte[] bytes) {
            WireReader reader = new WireReader(bytes, "setup S2");
            Message message = new Message(reader.bytes(32, "zs"), reader.bytes(32, "zsalt"),
                    reader.bytes(32, "conf"));
            reader.finish();
            return message;
        }

        @Override
        public String toString() {
            return "SetupRound2.Message[redacted]";
        }
    }

    SetupRound2(String myNode, String peerNode, SetupRequest request, byte[] pairSid,
            byte[] zeroSeedHalf, byte[] zeroSalt, byte[] peerCommitment, byte[] transcript,
            ExtensionReceiverSeeds bobSeeds, ExtensionSenderSeeds aliceSeeds) {
        this.myNode = myNode;
        this.peerNode = peerNode;
        this.request = request;
        this.pairSid = pairSid.clone();
        this.zeroSeedHalf = zeroSeedHalf.clone();
        this.zeroSalt = zeroSalt.clone();
        this.peerCommitment = peerCommitment.clone();
        this.transcript = transcript.clone();
        this.bobSeeds = bobSeeds;
        this.aliceSeeds = aliceSeeds;
    }

    /** The encoded S2 message for the peer (secret: send it encrypted only). */
    public byte[] message() {
        if (consumed) {
            throw new IllegalStateException("setup round 2 already finished");
        }
        return new Message(zeroSeedHalf, zeroSalt,
                SetupRound1.confirmation(pairSid, myNode, transcript)).encode();
    }

    /** Checks the peer's S2 and returns the pair state (not yet saved). Consumes this round. */
    public PairState finish(byte[] peerMessage) throws Dkls23Abort {
        if (consumed) {
            throw new IllegalStateException("setup round 2 already finished");
        }
        consumed = true;
        Message peer = null;
        try {
            try {
                peer = Message.decode(peerMessage);
            } catch (InvalidEncodingException e) {
                throw Dkls23Abort.blame(new AbortReason.InvalidMessage("setup S2"), peerNode, pairSid);
            }
            byte[] expectedCommitment = SetupRound1.zeroSeedCommitment(pairSid, peerNode,
                    peer.zeroSeedHalf, peer.zeroSalt);
            if (!constantTimeAreEqual(expectedCommitment, peerCommitment)) {
                throw Dkls23Abort.blame(new AbortReason.ZeroSeedOpeningMismatch(), peerNode, pairSid);
            }
            byte[] expectedConfirmation = SetupRound1.confirmation(pairSid, peerNode, transcript);
            if (!constantTimeAreEqual(expectedConfirmation, peer.confirmation)) {
                // Either side may have altered what it showed; the culprit is ambiguous (spec §3.6).
                throw Dkls23Abort.unattributed(new AbortReason.ConfirmationMismatch(), pairSid);
            }
            byte[] zeroSeed = new byte[32];
            for (int k = 0; k < 32; k++) {
                zeroSeed[k] = (byte) (zeroSeedHalf[k] ^ peer.zeroSeedHalf[k]);
            }
            try {
                return new PairState(myNode, peerNode, pairSid, request.generation(),
                        request.epoch(), PairStatus.ACTIVE, zeroSeed, bobSeeds, aliceSeeds);
            } finally {
                Arrays.fill(zeroSeed, (byte) 0);
            }
        } catch (Dkls23Abort abort) {
            bobSeeds.destroy();
            aliceSeeds.destroy();
            throw abort;
        } finally {
            Arrays.fill(zeroSeedHalf, (byte) 0);
            Arrays.fill(zeroSalt, (byte) 0);
            if (peer != null) {
                Arrays.fill(peer.zeroSeedHalf, (byte) 0);
                Arrays.fill(peer.zeroSalt, (byte) 0);
            }
        }
    }
}
