package io.sigil.wire.keygen;

import java.util.List;

/**
 * A node's refusal of a delivery (keygen §2.5, §2.7): the failure kind, the contributors it names
 * ({@code culprits}, node ids) or {@code managerAtFault}, and a public detail. A complaint stops
 * activation of the attempt.
 */
public record DkgComplaint(String nodeId, String failure, List<String> culprits, boolean managerAtFault,
                           String detail) {
    public DkgComplaint {
        culprits = culprits == null ? List.of() : List.copyOf(culprits);
    }
}
