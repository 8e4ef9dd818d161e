package io.sigil.testing.protocol;

import io.sigil.crypto.dkls23.InMemoryUsedSessionLog;
import io.sigil.crypto.dkls23.setup.BanListener;
import io.sigil.crypto.dkls23.setup.BanRecord;
import io.sigil.crypto.dkls23.setup.InMemoryPairStateStore;
import io.sigil.crypto.dkls23.sign.InMemoryConsumptionLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One simulated node of the in-JVM network: its id, its pair states, its used-session log and
 * presignature consumption log, and the bans it has reported.
 */
public final class TestNode {

    private final String nodeId;
    private final InMemoryPairStateStore pairs;
    private final InMemoryUsedSessionLog usedSessions = new InMemoryUsedSessionLog();
    private final InMemoryConsumptionLog consumedPresignatures = new InMemoryConsumptionLog();
    private final List<BanRecord> reportedBans = new CopyOnWriteArrayList<>();
    private final List<String> abortedSessionsForPeer = new CopyOnWriteArrayList<>();

    TestNode(String nodeId) {
        this.nodeId = nodeId;
        this.pairs = new InMemoryPairStateStore(nodeId);
        pairs.addListener(new BanListener() {
            @Override
            public void abortSessionsUsing(String peerNode) {
                abortedSessionsForPeer.add(peerNode);
            }

            @Override
            public void report(BanRecord ban) {
                reportedBans.add(ban);
            }
        });
    }

    public String nodeId() {
        return nodeId;
    }

    public InMemoryPairStateStore pairs() {
        return pairs;
    }

    public InMemoryUsedSessionLog usedSessions() {
        return usedSessions;
    }

    public InMemoryConsumptionLog consumedPresignatures() {
        return consumedPresignatures;
    }

    /** Bans reported through the ban listener (step 4 of the ban procedure), in order. */
    public List<BanRecord> reportedBans() {
        return List.copyOf(reportedBans);
    }

    /** Peers for which step 2 of the ban procedure ran. */
    public List<String> abortedSessionsForPeer() {
        return List.copyOf(abortedSessionsForPeer);
    }

    @Override
    public String toString() {
        return nodeId;
    }
}
