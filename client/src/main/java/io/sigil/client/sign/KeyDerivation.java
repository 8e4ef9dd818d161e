package io.sigil.client.sign;

import io.sigil.client.user.AccountFile;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.crypto.hd.DerivationPath;
import io.sigil.crypto.hd.DerivationRefusedException;
import io.sigil.crypto.hd.DerivedKey;
import io.sigil.crypto.hd.LegacyChainCode;
import io.sigil.crypto.hd.PublicDerivation;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.sign.Derivation;

/**
 * A BIP32 child of an account-file key, computed on the user's machine from public facts alone
 * (keygen §4): the key's chain code is the one the account file records (a network key's from its
 * generation, a dealt key's as the client chose and registered it), else, for an entry written
 * before chain codes, the legacy rule {@code LegacyChainCode.of(userId, keyId, PK)} every node
 * applies to a record without one.
 */
public record KeyDerivation(Derivation derivation, Point childKey, String childAddress) {

    /**
     * The child of {@code key} (of account {@code userId}) at {@code path}.
     *
     * @throws DerivationRefusedException when BIP32 gives no valid child at the path (choose another)
     */
    public static KeyDerivation of(String userId, AccountFile.KeyEntry key, DerivationPath path)
            throws DerivationRefusedException {
        Point parent = SignClient.checkedPublicKey(key);
        byte[] chainCode = chainCode(userId, key, parent);
        DerivedKey child = PublicDerivation.derive(parent, chainCode, path);
        return new KeyDerivation(new Derivation(path, chainCode), child.publicKey(),
                EthereumAddress.fromPublicKey(child.publicKey()));
    }

    /** The chain code of {@code key}: the recorded one, else (an entry older than chain codes) the legacy rule. */
    static byte[] chainCode(String userId, AccountFile.KeyEntry key, Point parent) {
        if (key.chainCode() == null) {
            return LegacyChainCode.of(userId, key.keyId(), parent);
        }
        try {
            return WireFields.hex("chainCode", key.chainCode(), PublicDerivation.CHAIN_CODE_LENGTH);
        } catch (WireFormatException malformed) {
            throw new IllegalArgumentException("key " + key.keyId() + ": " + malformed.getMessage());
        }
    }

    /** The child's public key as the wire writes it (33-byte compressed hex). */
    public String childPublicKeyHex() {
        return WireFields.pointHex(childKey);
    }
}
