package io.sigil.wire.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Splits a byte stream into UTF-8 lines on CR, LF or CRLF (as {@code text/event-stream} requires)
 * without ever holding more than {@code maxLineBytes} of one line: a longer line fails with
 * {@link OversizedInputException} as soon as the bound is passed, where the JDK's line readers
 * would keep buffering an endless line until the heap is gone. Bytes can be pushed (a
 * {@code Flow} body subscriber) or pulled from an {@link InputStream}.
 */
public final class BoundedLines {
    private final int maxLineBytes;
    private final LineSink sink;
    private boolean stopped;
    private byte[] buffer;
    private int length;
    private boolean afterCarriageReturn;

    /** Takes one line (without its terminator); false to stop reading. */
    @FunctionalInterface
    public interface LineSink {
        boolean line(String line);
    }

    public BoundedLines(int maxLineBytes, LineSink sink) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive");
        }
        this.maxLineBytes = maxLineBytes;
        this.sink = sink;
        this.buffer = new byte[Math.min(maxLineBytes, 8192)];
    }

    /** Feeds bytes; every complete line is handed to the sink, in order. False once the sink said stop. */
    public boolean feed(ByteBuffer bytes) throws OversizedInputException {
        while (!stopped && bytes.hasRemaining()) {
            byte next = bytes.get();
            if (next == '\n') {
                if (afterCarriageReturn) {
                    afterCarriageReturn = false; // the LF of a CRLF: the line was already emitted
                    continue;
                }
                emit();
            } else if (next == '\r') {
                emit();
                afterCarriageReturn = true;
            } else {
                afterCarriageReturn = false;
                append(next);
            }
        }
        return !stopped;
    }

    /** The stream ended: a last line without terminator is handed to the sink too. */
    public void finish() {
        if (!stopped && length > 0) {
            emit();
        }
    }

    /**
     * Reads {@code in} to its end or until the sink says stop, feeding every line to the sink.
     *
     * @throws OversizedInputException when a line passes the bound
     */
    public void readAll(InputStream in) throws IOException {
        byte[] chunk = new byte[8192];
        int read;
        while ((read = in.read(chunk)) >= 0) {
            if (!feed(ByteBuffer.wrap(chunk, 0, read))) {
                return;
            }
        }
        finish();
    }

    private void append(byte next) throws OversizedInputException {
        if (length == maxLineBytes) {
            length = 0;
            throw new OversizedInputException("a line", maxLineBytes);
        }
        if (length == buffer.length) {
            byte[] larger = new byte[(int) Math.min(maxLineBytes, (long) buffer.length * 2)];
            System.arraycopy(buffer, 0, larger, 0, length);
            buffer = larger;
        }
        buffer[length++] = next;
    }

    private void emit() {
        String text = new String(buffer, 0, length, StandardCharsets.UTF_8);
        length = 0;
        stopped = !sink.line(text);
    }
}
