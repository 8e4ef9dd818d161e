package io.sigil.testing.protocol;

import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.crypto.dkls23.sign.Presignature;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import java.util.List;
import java.util.Map;

/**
 * What each member of one session ended with: a signature, a presignature or an abort (keyed by
 * node id), and every envelope sent (before fault injection), for replay tests.
 */
public record SessionOutcome(Map<String, EcdsaSignature> signatures, Map<String, Dkls23Abort> aborts,
        Map<String, Presignature> presignatures, List<RoundEnvelope> transcript) {

    public SessionOutcome {
        signatures = Map.copyOf(signatures);
        aborts = Map.copyOf(aborts);
        presignatures = Map.copyOf(presignatures);
        transcript = List.copyOf(transcript);
    }

    public boolean allSigned(int members) {
        return aborts.isEmpty() && signatures.size() == members;
    }

    /** The one signature every member output (fails if they differ or anyone aborted). */
    public EcdsaSignature commonSignature() {
        if (!aborts.isEmpty() || signatures.isEmpty()) {
            throw new IllegalStateException("session did not sign: " + aborts.values());
        }
        EcdsaSignature first = signatures.values().iterator().next();
        for (EcdsaSignature other : signatures.values()) {
            if (!other.equals(first)) {
                throw new IllegalStateException("members output different signatures");
            }
        }
        return first;
    }
}
