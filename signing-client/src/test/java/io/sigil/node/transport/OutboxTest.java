package io.sigil.node.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class OutboxTest {
    private static List<String> data(List<Outbox.Event> events) {
        return events.stream().map(Outbox.Event::data).toList();
    }

    private static List<Long> ids(List<Outbox.Event> events) {
        return events.stream().map(Outbox.Event::id).toList();
    }

    @Test
    void everySubscriberHasItsOwnSequenceNumberedFromOne() {
        Outbox outbox = new Outbox(Set.of("b", "c"), 10);
        outbox.broadcast("all-1");
        assertEquals(2, outbox.send("b", "to-b"));
        outbox.broadcast("all-2");
        outbox.send("c", "to-c");
        assertEquals(List.of("all-1", "to-b", "all-2"), data(outbox.eventsAfter("b", 0, 100)));
        assertEquals(List.of(1L, 2L, 3L), ids(outbox.eventsAfter("b", 0, 100)));
        assertEquals(List.of("all-1", "all-2", "to-c"), data(outbox.eventsAfter("c", 0, 100)));
        assertEquals(3, outbox.lastEventId("c"));
    }

    @Test
    void resumingAfterAnIdReturnsExactlyTheLaterEvents() {
        Outbox outbox = new Outbox(Set.of("b"), 10);
        for (int i = 1; i <= 5; i++) {
            outbox.send("b", "event-" + i);
        }
        assertEquals(List.of(4L, 5L), ids(outbox.eventsAfter("b", 3, 100)));
        assertEquals(List.of(2L, 3L), ids(outbox.eventsAfter("b", 1, 2)));
        assertEquals(List.of(), outbox.eventsAfter("b", 5, 100));
        assertThrows(IllegalArgumentException.class, () -> outbox.eventsAfter("b", 6, 100));
        assertThrows(IllegalArgumentException.class, () -> outbox.eventsAfter("b", -1, 100));
    }

    @Test
    void aFullSequenceFailsThePublishNamingTheLaggingSubscriberAndDropsNothing() {
        Outbox outbox = new Outbox(Set.of("b", "c"), 3);
        outbox.broadcast("1");
        outbox.broadcast("2");
        outbox.send("c", "3");
        OutboxOverflowException overflow = assertThrows(OutboxOverflowException.class, () -> outbox.broadcast("4"));
        assertEquals("c", overflow.subscriber());
        // all or nothing: b, which had room, did not get the refused broadcast
        assertEquals(List.of("1", "2"), data(outbox.eventsAfter("b", 0, 100)));
        assertEquals(List.of("1", "2", "3"), data(outbox.eventsAfter("c", 0, 100)));
        assertEquals("c", assertThrows(OutboxOverflowException.class, () -> outbox.send("c", "5")).subscriber());
        outbox.send("b", "to-b");
        assertEquals(3, outbox.lastEventId("b"));
    }

    @Test
    void listenersHearAppendsToTheirSubscriberAndTheClose() {
        Outbox outbox = new Outbox(Set.of("b", "c"), 10);
        AtomicInteger heardByB = new AtomicInteger();
        Runnable stop = outbox.listen("b", heardByB::incrementAndGet);
        outbox.send("c", "only-c");
        assertEquals(0, heardByB.get());
        outbox.broadcast("all");
        outbox.send("b", "only-b");
        assertEquals(2, heardByB.get());
        outbox.close();
        assertEquals(3, heardByB.get());
        stop.run();
        assertTrue(outbox.isClosed());
        assertThrows(IllegalStateException.class, () -> outbox.broadcast("late"));
        // what was published stays readable until the session is dropped
        assertEquals(List.of("all", "only-b"), data(outbox.eventsAfter("b", 0, 100)));
    }

    @Test
    void strangersHaveNoSequence() {
        Outbox outbox = new Outbox(Set.of("b"), 10);
        assertThrows(IllegalArgumentException.class, () -> outbox.send("x", "data"));
        assertThrows(IllegalArgumentException.class, () -> outbox.eventsAfter("x", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> outbox.listen("x", () -> { }));
    }
}
