package io.sigil.service.batch;

import java.io.IOException;

/**
 * A peer answered a batch with something that cannot be matched to its items (another count, an
 * item's id out of place, not the batch answer format). Every item of the batch fails with it: no
 * item may be given an answer that might be another item's. The peer was reachable.
 */
public final class InvalidBatchAnswerException extends IOException {
    public InvalidBatchAnswerException(String message) {
        super(message);
    }
}
