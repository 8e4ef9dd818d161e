package io.sigil.wire.keygen;

import io.sigil.crypto.dkg.DkgParameters;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What every keygen call from the manager to a node carries (keygen §2.2): the user's signed
 * request, the attempt number and the contributor set D. A node trusts none of it: it re-checks
 * the request and D against its own registry and derives {@code dkg_sid} itself.
 */
public record DkgSession(NewKeyRequest request, int attempt, List<Contributor> contributors) {
    public static final int MAX_ATTEMPT = 1000;

    public DkgSession {
        contributors = contributors == null ? null : List.copyOf(contributors);
    }

    /** The attempt's parameters; {@link WireFormatException} for a malformed D or attempt. */
    public DkgParameters parameters(int committeeCount) {
        if (request == null) {
            throw new WireFormatException("request", "is required");
        }
        if (attempt < 0 || attempt > MAX_ATTEMPT) {
            throw new WireFormatException("attempt", "must be between 0 and " + MAX_ATTEMPT);
        }
        List<Contributor> listed = WireFields.boundedList("contributors", contributors, 2, 255);
        SortedMap<Integer, String> set = new TreeMap<>();
        for (Contributor contributor : listed) {
            WireFields.identifier("contributors.nodeId", contributor.nodeId());
            if (set.put(contributor.committee(), contributor.nodeId()) != null) {
                throw new WireFormatException("contributors", "committee " + contributor.committee() + " twice");
            }
        }
        try {
            return request.parameters(committeeCount, set, attempt);
        } catch (IllegalArgumentException invalid) {
            throw new WireFormatException("contributors", invalid.getMessage());
        }
    }

    /** The committee → node map of D, as given. */
    public static List<Contributor> of(SortedMap<Integer, String> set) {
        return set.entrySet().stream().map(entry -> new Contributor(entry.getKey(), entry.getValue())).toList();
    }
}
