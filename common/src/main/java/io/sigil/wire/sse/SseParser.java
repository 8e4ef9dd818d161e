package io.sigil.wire.sse;

import java.util.function.Consumer;

/**
 * Reads a {@code text/event-stream} line by line (WHATWG HTML "server-sent events", §9.2.6):
 * {@code field: value} lines build an event, a blank line dispatches it, lines starting with
 * {@code :} are comments, one space after the colon is dropped, {@code data} lines join with
 * newlines, and a block without data is not dispatched. Lines arrive without their terminator,
 * split by {@link io.sigil.wire.io.BoundedLines} (CR, LF and CRLF as the format requires, and
 * never an unbounded line: a peer's endless {@code data:} line must not exhaust the reader's heap).
 *
 * <p>Unlike a browser, each dispatched event carries the id given in its own block (or null):
 * the transport deduplicates by that id, and an event inheriting an earlier block's id must not
 * be taken for a repeat. The spec's persistent last event id is kept too.
 *
 * <p>Shared by the node transport and the SDK's wait for a signature, so both read the same format
 * the same way (no server code: plain Java).
 */
public final class SseParser {
    /** A dispatched event; {@code id} is null when its block had no {@code id} field. */
    public record SseEvent(String id, String name, String data) {
    }

    /** Refuses a single event whose data would exceed this many characters (far above the largest envelope). */
    public static final int MAX_DATA_CHARS = 4 << 20;

    /** An event's data passed {@link #MAX_DATA_CHARS}: the stream is invalid, its sender is to blame. */
    public static final class OversizedEventException extends IllegalStateException {
        OversizedEventException() {
            super("an event's data exceeds " + MAX_DATA_CHARS + " characters");
        }
    }

    private final Consumer<SseEvent> sink;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String name = "";
    private String id;
    private String lastEventId = "";
    private long linesSeen;

    public SseParser(Consumer<SseEvent> sink) {
        this.sink = sink;
    }

    public void line(String line) {
        linesSeen++;
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> name = value;
            case "data" -> {
                if (data.length() + value.length() + 1 > MAX_DATA_CHARS) {
                    throw new OversizedEventException();
                }
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    id = value;
                    lastEventId = value;
                }
            }
            default -> {
                // "retry" and unknown fields: nothing for this transport to do
            }
        }
    }

    /** The persistent last event id of the stream (empty when none was given). */
    public String lastEventId() {
        return lastEventId;
    }

    /** Lines read so far, comments and blank lines included: the transport's sign of life. */
    public long linesSeen() {
        return linesSeen;
    }

    /**
     * The stream ended: an unterminated last block is dispatched too. A browser would drop it; the
     * SDK accepts a final status whose blank line was lost with the connection.
     */
    public void endOfStream() {
        dispatch();
    }

    private void dispatch() {
        if (hasData) {
            sink.accept(new SseEvent(id, name.isEmpty() ? "message" : name, data.toString()));
        }
        data.setLength(0);
        hasData = false;
        name = "";
        id = null;
    }
}
