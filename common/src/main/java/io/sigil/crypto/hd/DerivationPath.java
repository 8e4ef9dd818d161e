package io.sigil.crypto.hd;

import java.util.ArrayList;
import java.util.List;

/**
 * A BIP32 path of non-hardened indices (keygen §4.2): at most {@value #MAX_DEPTH} indices, each
 * below 2^31. Hardened indices are refused, because deriving them needs the private key and no
 * party ever holds it.
 */
public record DerivationPath(List<Long> indices) {

    public static final int MAX_DEPTH = 8;
    /** 2^31, the first hardened index. */
    public static final long HARDENED_OFFSET = 1L << 31;

    public static final DerivationPath ROOT = new DerivationPath(List.of());

    public DerivationPath {
        indices = List.copyOf(indices);
    }

    /** Checks the rules of §4.2 and returns the path. */
    public static DerivationPath of(List<Long> indices) throws DerivationRefusedException {
        if (indices.size() > MAX_DEPTH) {
            throw new DerivationRefusedException(DerivationRefusedException.Reason.PATH_TOO_LONG, -1,
                    indices.size() + " indices, at most " + MAX_DEPTH);
        }
        for (int position = 0; position < indices.size(); position++) {
            long index = indices.get(position);
            if (index < 0 || index >= (1L << 32)) {
                throw new DerivationRefusedException(DerivationRefusedException.Reason.MALFORMED, position,
                        "index outside 0..2^32−1");
            }
            if (index >= HARDENED_OFFSET) {
                throw new DerivationRefusedException(DerivationRefusedException.Reason.HARDENED_INDEX, position,
                        "hardened index " + (index - HARDENED_OFFSET) + "H");
            }
        }
        return new DerivationPath(indices);
    }

    /** Parses {@code "m/0/1/7"} (also {@code "0/1/7"}); {@code 5H} or {@code 5'} is refused as hardened. */
    public static DerivationPath parse(String text) throws DerivationRefusedException {
        String body = text.strip();
        if (body.equals("m") || body.isEmpty()) {
            return ROOT;
        }
        if (body.startsWith("m/")) {
            body = body.substring(2);
        }
        String[] parts = body.split("/", -1);
        List<Long> indices = new ArrayList<>(parts.length);
        for (int position = 0; position < parts.length; position++) {
            String part = parts[position];
            boolean hardened = part.endsWith("H") || part.endsWith("h") || part.endsWith("'");
            String digits = hardened ? part.substring(0, part.length() - 1) : part;
            if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new DerivationRefusedException(DerivationRefusedException.Reason.MALFORMED, position,
                        "not a decimal index");
            }
            long value = Long.parseLong(digits);
            indices.add(hardened ? value + HARDENED_OFFSET : value);
        }
        return of(indices);
    }

    public int depth() {
        return indices.size();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("m");
        indices.forEach(index -> text.append('/').append(index));
        return text.toString();
    }
}
