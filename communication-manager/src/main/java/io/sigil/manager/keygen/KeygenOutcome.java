package io.sigil.manager.keygen;

import io.sigil.crypto.dkg.Acknowledgement;
import io.sigil.crypto.dkg.DkgTranscript;
import java.util.List;

/**
 * How one attempt of key generation ended (keygen §2.6–§2.7): activated with its transcript and
 * the ack set, or failed with why and the accusations it produced (each excludes its accused from
 * later contributor sets).
 */
record KeygenOutcome(DkgTranscript transcript, List<Acknowledgement> acks, List<Accusation> accusations, String reason) {

    /** {@code accuser → accused: why}; the accuser is a node id or {@code manager}. */
    record Accusation(String accuser, String accused, String why) {
        @Override
        public String toString() {
            return accuser + " → " + accused + ": " + why;
        }
    }

    KeygenOutcome {
        acks = acks == null ? List.of() : List.copyOf(acks);
        accusations = List.copyOf(accusations);
    }

    static KeygenOutcome activated(DkgTranscript transcript, List<Acknowledgement> acks, List<Accusation> accusations) {
        return new KeygenOutcome(transcript, acks, accusations, null);
    }

    static KeygenOutcome failed(String reason, List<Accusation> accusations) {
        return new KeygenOutcome(null, List.of(), accusations, reason);
    }

    boolean isActivated() {
        return transcript != null;
    }
}
