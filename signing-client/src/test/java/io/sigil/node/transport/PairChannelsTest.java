package io.sigil.node.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * The serving side of the pair channel without a network: what one live connection is handed,
 * chunk by chunk, when a session publishes (docs/performance.md, "What changed").
 */
class PairChannelsTest {
    private static final String READER = "node-b";
    private static final String SESSION = HexFormat.of().formatHex(new byte[32]);

    @Test
    void aRoundsFramesAppendedTogetherLeaveAsOneChunkInOrder() throws IOException {
        PairChannels channels = new PairChannels(16, 64);
        List<byte[]> chunks = new CopyOnWriteArrayList<>();
        Disposable connection = channels.stream(READER, 0, null).flux().subscribe(chunks::add);
        try {
            assertEquals(List.of(ChannelFrame.Type.RESUMED), types(frames(chunks.getFirst())));

            channels.appendAll(SESSION, List.of(PairChannels.Outgoing.envelope(Set.of(READER), new byte[] {1}),
                    PairChannels.Outgoing.paired(READER, new byte[] {2})));

            assertEquals(2, chunks.size(), "one wake-up for the round, not one per envelope");
            List<ChannelFrame> round = frames(chunks.get(1));
            assertEquals(List.of(ChannelFrame.Type.ENVELOPE, ChannelFrame.Type.PAIRED), types(round));
            assertEquals(List.of(1L, 2L), round.stream().map(ChannelFrame::sequence).toList());
            assertArrayEquals(new byte[] {1}, round.get(0).body());
            assertArrayEquals(new byte[] {2}, round.get(1).body());
        } finally {
            connection.dispose();
        }
    }

    @Test
    void anEnvelopePastTheSessionsBoundFailsNamingThePeerAndTheOnesBeforeItStillLeave() throws IOException {
        PairChannels channels = new PairChannels(1, 64);
        List<byte[]> chunks = new CopyOnWriteArrayList<>();
        Disposable connection = channels.stream(READER, 0, null).flux().subscribe(chunks::add);
        try {
            OutboxOverflowException full = assertThrows(OutboxOverflowException.class, () -> channels.appendAll(SESSION,
                    List.of(PairChannels.Outgoing.envelope(Set.of(READER), new byte[] {1}),
                            PairChannels.Outgoing.paired(READER, new byte[] {2}))));

            assertEquals(READER, full.subscriber());
            assertEquals(1, channels.lastSequence(READER));
            List<ChannelFrame> sent = new ArrayList<>();
            for (byte[] chunk : chunks.subList(1, chunks.size())) {
                sent.addAll(frames(chunk));
            }
            assertEquals(List.of(ChannelFrame.Type.ENVELOPE), types(sent));
        } finally {
            connection.dispose();
        }
    }

    @Test
    void openedAndClosedWakeNoConnectionAndLeaveWithTheNextEnvelopeOrTheFlush() throws IOException {
        PairChannels channels = new PairChannels(16, 64);
        List<byte[]> chunks = new CopyOnWriteArrayList<>();
        Disposable connection = channels.stream(READER, 0, null).flux().subscribe(chunks::add);
        try {
            byte[] session = new byte[32];
            channels.opened(SESSION, session, Set.of(READER));
            assertEquals(1, chunks.size(), "only RESUMED: the announcement waits");

            channels.appendAll(SESSION, List.of(PairChannels.Outgoing.paired(READER, new byte[] {2})));
            assertEquals(2, chunks.size());
            assertEquals(List.of(ChannelFrame.Type.OPENED, ChannelFrame.Type.PAIRED), types(frames(chunks.get(1))));

            channels.closed(SESSION, session, Set.of(READER));
            assertEquals(2, chunks.size(), "the close waits too");
            channels.flushLazy();
            assertEquals(3, chunks.size());
            List<ChannelFrame> closed = frames(chunks.get(2));
            assertEquals(List.of(ChannelFrame.Type.CLOSED), types(closed));
            assertEquals(3L, closed.getFirst().sequence());
            channels.flushLazy();
            assertEquals(3, chunks.size(), "nothing is sent twice");
        } finally {
            connection.dispose();
        }
    }

    private static List<ChannelFrame> frames(byte[] chunk) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(chunk));
        List<ChannelFrame> frames = new ArrayList<>();
        for (ChannelFrame frame = ChannelFrame.read(in); frame != null; frame = ChannelFrame.read(in)) {
            frames.add(frame);
        }
        return frames;
    }

    private static List<ChannelFrame.Type> types(List<ChannelFrame> frames) {
        return frames.stream().map(ChannelFrame::type).toList();
    }
}
