package io.sigil.client.user;

import io.sigil.crypto.ec.Scalar;
import java.util.Optional;

/**
 * How to make a new key: its threshold (the network's default when absent), an existing private
 * key to import (a fresh random one when absent) and its key id (random when absent).
 */
public record NewKeyOptions(Optional<Integer> threshold, Optional<Scalar> importedKey, Optional<String> keyId) {

    public static NewKeyOptions defaults() {
        return new NewKeyOptions(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public NewKeyOptions withThreshold(int value) {
        return new NewKeyOptions(Optional.of(value), importedKey, keyId);
    }

    public NewKeyOptions importing(Scalar privateKey) {
        return new NewKeyOptions(threshold, Optional.of(privateKey), keyId);
    }

    public NewKeyOptions withKeyId(String value) {
        return new NewKeyOptions(threshold, importedKey, Optional.of(value));
    }

    @Override
    public String toString() {
        return "NewKeyOptions[threshold=" + threshold + ", imported=" + importedKey.isPresent() + ", keyId=" + keyId + "]";
    }
}
