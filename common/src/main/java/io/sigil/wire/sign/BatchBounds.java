package io.sigil.wire.sign;

/**
 * The bounds of the coalesced manager↔node routes ({@code POST /v1/new_party/batch},
 * {@code POST /v1/report/batch}, docs/performance.md): how many items one batch may carry, and
 * how many bytes of items a sender puts in one (a single item larger than that still goes, alone,
 * to the single route). Every body stays under the services' 1 MiB request bound: a new_party is
 * at most about 140 KiB (a 64 KiB message, hex-encoded), a report under 2 KiB.
 */
public final class BatchBounds {
    public static final int NEW_PARTY_MAX_ITEMS = 32;
    public static final int NEW_PARTY_MAX_BYTES = 512 * 1024;
    public static final int REPORT_MAX_ITEMS = 64;
    public static final int REPORT_MAX_BYTES = 256 * 1024;

    private BatchBounds() {
    }
}
