package io.sigil.client.user;

import io.sigil.crypto.ec.Scalar;
import java.util.Optional;

/**
 * How to make a new key: its threshold (the network's default when absent), an existing private
 * key to import (a fresh random one when absent), its key id (random when absent) and, for a
 * dealt key, the BIP32 chain code to register with it (an imported extended key's; a fresh random
 * one when absent, docs/keygen.md §4.1).
 */
public record NewKeyOptions(Optional<Integer> threshold, Optional<Scalar> importedKey, Optional<String> keyId,
                            Optional<byte[]> importedChainCode) {

    public NewKeyOptions(Optional<Integer> threshold, Optional<Scalar> importedKey, Optional<String> keyId) {
        this(threshold, importedKey, keyId, Optional.empty());
    }

    public NewKeyOptions {
        importedChainCode = importedChainCode.map(byte[]::clone);
    }

    public static NewKeyOptions defaults() {
        return new NewKeyOptions(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public NewKeyOptions withThreshold(int value) {
        return new NewKeyOptions(Optional.of(value), importedKey, keyId, importedChainCode);
    }

    public NewKeyOptions importing(Scalar privateKey) {
        return new NewKeyOptions(threshold, Optional.of(privateKey), keyId, importedChainCode);
    }

    /** Imports {@code privateKey} with the chain code of its extended key (BIP32 {@code xprv}). */
    public NewKeyOptions importing(Scalar privateKey, byte[] chainCode) {
        return new NewKeyOptions(threshold, Optional.of(privateKey), keyId, Optional.of(chainCode));
    }

    public NewKeyOptions withKeyId(String value) {
        return new NewKeyOptions(threshold, importedKey, Optional.of(value), importedChainCode);
    }

    @Override
    public Optional<byte[]> importedChainCode() {
        return importedChainCode.map(byte[]::clone);
    }

    @Override
    public String toString() {
        return "NewKeyOptions[threshold=" + threshold + ", imported=" + importedKey.isPresent() + ", keyId=" + keyId
                + ", importedChainCode=" + importedChainCode.isPresent() + "]";
    }
}
