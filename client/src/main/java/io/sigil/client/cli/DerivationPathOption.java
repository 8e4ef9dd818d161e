package io.sigil.client.cli;

import io.sigil.client.sign.KeyDerivation;
import io.sigil.client.user.AccountFile;
import io.sigil.crypto.hd.DerivationPath;
import io.sigil.crypto.hd.DerivationRefusedException;

/**
 * {@code --path m/0/7}: a BIP32 child of the key (keygen §4.2). A hardened, malformed or too long
 * path is a usage error (exit 2) that says why in words before anything is sent.
 */
final class DerivationPathOption {

    private DerivationPathOption() {
    }

    /** The child of {@code key} at {@code pathText}; a refused path is a {@link UsageException}. */
    static KeyDerivation derive(String userId, AccountFile.KeyEntry key, String pathText) {
        try {
            DerivationPath path = DerivationPath.parse(pathText);
            if (path.depth() == 0) {
                throw new UsageException("--path " + pathText + " names no child: give at least one index, e.g. m/0/7");
            }
            return KeyDerivation.of(userId, key, path);
        } catch (DerivationRefusedException refused) {
            throw new UsageException("--path " + pathText + ": " + explain(refused));
        }
    }

    private static String explain(DerivationRefusedException refused) {
        String where = refused.position() < 0 ? "" : " (index " + (refused.position() + 1) + ")";
        return switch (refused.reason()) {
            case HARDENED_INDEX -> "hardened indices are not supported" + where + ": deriving them needs the "
                    + "private key, which nobody holds; use non-hardened indices such as m/0/7";
            case PATH_TOO_LONG -> "at most " + DerivationPath.MAX_DEPTH + " indices are allowed";
            case MALFORMED -> "not a path" + where + ": write m/ followed by decimal indices below 2^31, e.g. m/0/7";
            case INVALID_CHILD -> "BIP32 gives no valid key at this path" + where + " (it happens with "
                    + "probability 2^-127); choose another index";
        };
    }
}
