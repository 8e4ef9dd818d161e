package io.sigil.kvdb;

/** The master key (passphrase or KEK keyset) does not open this store's data keyset. */
public final class WrongMasterKeyException extends StoreException {
    public WrongMasterKeyException(String message) {
        super(message);
    }
}
