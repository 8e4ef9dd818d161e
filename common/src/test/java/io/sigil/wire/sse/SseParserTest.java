package io.sigil.wire.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import io.sigil.wire.sse.SseParser.SseEvent;
import org.junit.jupiter.api.Test;

class SseParserTest {
    private static List<SseEvent> parse(String... lines) {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        for (String line : lines) {
            parser.line(line);
        }
        return events;
    }

    @Test
    void fieldsBuildAnEventThatABlankLineDispatches() {
        assertEquals(List.of(new SseEvent("7", "envelope", "{\"a\":1}")),
                parse("event: envelope", "id: 7", "data: {\"a\":1}", ""));
    }

    @Test
    void commentsAreIgnoredAndDataWithoutABlankLineIsNotDispatched() {
        assertEquals(List.of(), parse(": heartbeat", "", "data: unfinished"));
    }

    @Test
    void dataLinesJoinWithNewlinesAndOnlyOneLeadingSpaceIsDropped() {
        assertEquals(List.of(new SseEvent(null, "message", "first\n  second")),
                parse("data: first", "data:   second", ""));
    }

    @Test
    void aFieldWithoutColonHasAnEmptyValue() {
        assertEquals(List.of(new SseEvent(null, "message", "")), parse("data", ""));
    }

    @Test
    void aBlockWithoutDataDispatchesNothingAndTheNameDoesNotLeakIntoTheNextEvent() {
        assertEquals(List.of(new SseEvent(null, "message", "x")), parse("event: open", "id: 3", "", "data: x", ""));
    }

    @Test
    void eachEventCarriesOnlyItsOwnIdWhileTheStreamRemembersTheLast() {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        for (String line : List.of("id: 1", "data: a", "", "data: b", "", "id: 2\0", "data: c", "")) {
            parser.line(line);
        }
        assertEquals(List.of(new SseEvent("1", "message", "a"), new SseEvent(null, "message", "b"),
                new SseEvent(null, "message", "c")), events);
        assertEquals("1", parser.lastEventId());
    }

    @Test
    void unknownFieldsAndRetryAreIgnored() {
        assertEquals(List.of(new SseEvent(null, "open", "s")), parse("retry: 500", "colour: blue", "event:open", "data:s", ""));
    }
}
