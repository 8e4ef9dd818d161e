package io.sigil.node.user;

import io.micronaut.http.HttpStatus;
import io.sigil.crypto.ec.Scalar;
import io.sigil.identity.SignatureKey;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.json.Json;
import io.sigil.kvdb.StoreBatch;
import io.sigil.node.store.NodeStore;
import io.sigil.registry.PublicKeyBytes;
import io.sigil.service.node.LocalNode;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.user.DeleteUserAck;
import io.sigil.wire.user.DeleteUserRequest;
import io.sigil.wire.sync.KeyEvidence;
import io.sigil.wire.user.NewUserAck;
import io.sigil.wire.user.NewUserBundle;
import io.sigil.wire.user.ShardBinding;
import io.sigil.wire.user.VerifiedNewUser;
import jakarta.inject.Singleton;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

/**
 * This node's side of new_user and delete_user (design §4, spec §2.2): opens its shard, checks it
 * against the commitments, stores it once, and signs what it did. Every refusal happens before
 * anything is written, so a refused request leaves the store as it was. Both run under the
 * key's lock ({@link KeyLocks}), and both refuse requests for another network id or epoch.
 */
@Singleton
public final class KeyRegistrations {
    private final LocalNode local;
    private final EncryptedStore store;
    private final Clock clock;
    private final KeyLocks locks;

    KeyRegistrations(LocalNode local, NodeStore store, KeyLocks locks) {
        this.local = local;
        this.store = store.store();
        this.locks = locks;
        this.clock = Clock.systemUTC();
    }

    /** The committee this node holds shards for. */
    public int committee() {
        return local.entry().committee().orElseThrow();
    }

    /**
     * Stores this node's shard of a verified bundle; {@code signed} is the bundle as the user signed
     * it, kept as the key's evidence for replicas that missed it (keygen §3.7).
     */
    public NewUserAck accept(NewUserBundle signed, VerifiedNewUser bundle) {
        requireThisNetwork(bundle.network());
        if (bundle.committee() != committee()) {
            throw ApiProblemException.badRequest("the bundle is for committee " + bundle.committee()
                    + " but node " + local.id() + " belongs to committee " + committee());
        }
        if (bundle.threshold() > local.registry().committeeCount()) {
            throw ApiProblemException.badRequest("threshold " + bundle.threshold() + " exceeds the "
                    + local.registry().committeeCount() + " committees of this network");
        }
        byte[] ciphertext = bundle.ciphertextFor(local.id()).orElseThrow(() ->
                ApiProblemException.badRequest("the bundle holds no shard for node " + local.id()));
        byte[] key = KeyRecord.storeKey(bundle.userId(), bundle.keyId());
        return locks.holding(key, () -> store(signed, bundle, ciphertext, key));
    }

    /**
     * Under the key's lock: tombstone check, decryption, Feldman check and write as one step. The
     * record and its evidence are written in one batch; a replay of the same record keeps the
     * evidence first stored (and adds it to a record stored before evidence was kept).
     */
    private NewUserAck store(NewUserBundle signed, VerifiedNewUser bundle, byte[] ciphertext, byte[] key) {
        if (store.get(NodeStore.DELETED_KEYS, key).isPresent()) {
            throw ApiProblemException.conflict("key " + bundle.keyId() + " of user " + bundle.userId()
                    + " was deleted; register a new key id");
        }
        Scalar share = openShard(bundle, ciphertext);
        // the chain code the user chose and signed (docs/keygen.md §4.1); verify() refused a bundle without one
        KeyRecord record = new KeyRecord(committee(), bundle.threshold(), bundle.accountKey(), bundle.commitments(), share,
                bundle.chainCode());
        byte[] encoded = record.encode();
        try {
            Optional<byte[]> existing = store.get(NodeStore.KEYS, key);
            boolean identical = existing.map(value -> {
                try {
                    return MessageDigest.isEqual(value, encoded);
                } finally {
                    Arrays.fill(value, (byte) 0);
                }
            }).orElse(false);
            if (existing.isPresent() && !identical) {
                throw ApiProblemException.conflict("key " + bundle.keyId() + " of user " + bundle.userId()
                        + " is already registered with a different bundle; the stored shard is unchanged");
            }
            StoreBatch write = store.batch();
            if (existing.isEmpty()) {
                write.put(NodeStore.KEYS, key, encoded);
            }
            if (store.get(NodeStore.KEY_EVIDENCE, key).isEmpty()) {
                write.put(NodeStore.KEY_EVIDENCE, key, Json.writeBytes(KeyEvidence.dealt(signed)));
            }
            if (write.size() > 0) {
                write.commit();
            }
        } finally {
            Arrays.fill(encoded, (byte) 0);
            record.destroy();
        }
        byte[] commitmentsHash = bundle.commitments().digest();
        byte[] signature = local.identity().sign(NewUserAck.signedMessage(local.id(), bundle.userId(), bundle.keyId(),
                committee(), commitmentsHash));
        return new NewUserAck(local.id(), bundle.userId(), bundle.keyId(), committee(),
                WireFields.toHex(commitmentsHash), WireFields.toHex(signature));
    }

    private Scalar openShard(VerifiedNewUser bundle, byte[] ciphertext) {
        byte[] plaintext;
        try {
            plaintext = local.identity().decrypt(ciphertext,
                    ShardBinding.contextInfo(bundle.userId(), bundle.keyId(), bundle.committee(), local.id()));
        } catch (GeneralSecurityException unopened) {
            throw ApiProblemException.badRequest("the shard ciphertext for node " + local.id()
                    + " does not open with this node's key and binding (user, key, committee, node)");
        }
        try {
            if (plaintext.length != Scalar.ENCODED_LENGTH) {
                throw ApiProblemException.badRequest("the decrypted shard is not a 32-byte scalar");
            }
            Scalar share;
            try {
                share = WireFields.nonZeroScalar("shard", plaintext);
            } catch (WireFormatException invalid) {
                throw ApiProblemException.badRequest("the decrypted shard is not a scalar in [1, q)");
            }
            if (!bundle.commitments().verifyShard(committee(), share)) {
                throw new ApiProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "feldman-check-failed",
                        "Shard fails the Feldman check", "the shard for committee " + committee()
                        + " does not match the bundle's commitments (s_i·G ≠ Σ C_j·i^j); nothing was stored");
            }
            return share;
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    public DeleteUserAck delete(DeleteUserRequest request) {
        try {
            request.checkForm(clock.instant());
        } catch (WireFormatException malformed) {
            throw ApiProblemException.badRequest(malformed.getMessage());
        }
        requireThisNetwork(request.network());
        byte[] key = KeyRecord.storeKey(request.userId(), request.keyId());
        return locks.holding(key, () -> erase(request, key));
    }

    /** Under the key's lock: read, authenticate, erase and leave the tombstone as one step. */
    private DeleteUserAck erase(DeleteUserRequest request, byte[] key) {
        Optional<byte[]> stored = store.get(NodeStore.KEYS, key);
        Optional<byte[]> tombstone = store.get(NodeStore.DELETED_KEYS, key);
        if (stored.isEmpty() && tombstone.isEmpty()) {
            return eraseAbsent(request, key);
        }
        Tombstone facts = stored.map(value -> {
            KeyRecord record = KeyRecord.decode(value);
            Arrays.fill(value, (byte) 0);
            try {
                return new Tombstone(record.accountKey(), Optional.of(record.publicKey()), Optional.of(request));
            } finally {
                record.destroy();
            }
        }).orElseGet(() -> Tombstone.decode(tombstone.get()));
        if (!request.isSignedBy(SignatureKey.of(facts.accountKey()))) {
            throw ApiProblemException.unauthorized("the delete request is not signed by the account key of user "
                    + request.userId());
        }
        if (facts.publicKey().isPresent() && !facts.publicKey().get().equals(request.publicKeyPoint())) {
            throw ApiProblemException.conflict("the delete request names another public key than key "
                    + request.keyId() + " of user " + request.userId() + " has on this node; nothing was erased");
        }
        if (stored.isPresent()) {
            // The tombstone keeps the account key and public key, so a replayed delete is still authenticated.
            store.batch().delete(NodeStore.KEYS, key).delete(NodeStore.KEY_EVIDENCE, key)
                    .delete(NodeStore.PENDING_KEYS, key).put(NodeStore.DELETED_KEYS, key, facts.encode()).commit();
        }
        return acknowledge(request);
    }

    /**
     * A valid deletion of a key this node never stored (it missed the registration, docs/keygen.md
     * §6.3): authenticated by the account key the request states, which must be the one
     * {@code userId} is derived from. The node keeps the deletion as a tombstone, so replica
     * catch-up never brings the key here (a tombstone wins, §3.7) and the key id is not registered
     * again, and drops a PENDING record of it (an activation it missed); then it acknowledges like
     * a node that erased a shard. A request without the account key (older clients) is answered
     * {@code 404} as before: the node cannot tell who signed it.
     */
    private DeleteUserAck eraseAbsent(DeleteUserRequest request, byte[] key) {
        Optional<PublicKeyBytes> account = request.statedAccountKey();
        if (account.isEmpty()) {
            throw ApiProblemException.notFound("node " + local.id() + " holds no key " + request.keyId()
                    + " of user " + request.userId() + " (send the account key to have it recorded as deleted)");
        }
        if (!request.isSignedBy(SignatureKey.of(account.get()))) {
            throw ApiProblemException.unauthorized("the delete request is not signed by the account key of user "
                    + request.userId());
        }
        Tombstone facts = new Tombstone(account.get(), Optional.of(request.publicKeyPoint()), Optional.of(request));
        store.batch().delete(NodeStore.PENDING_KEYS, key).put(NodeStore.DELETED_KEYS, key, facts.encode()).commit();
        return acknowledge(request);
    }

    private DeleteUserAck acknowledge(DeleteUserRequest request) {
        byte[] signature = local.identity().sign(DeleteUserAck.signedMessage(local.id(), request.userId(),
                request.keyId(), committee(), WireFields.hex("nonce", request.nonce(), 16)));
        return new DeleteUserAck(local.id(), request.userId(), request.keyId(), committee(), request.nonce(),
                WireFields.toHex(signature));
    }

    private void requireThisNetwork(NetworkBinding requested) {
        try {
            NetworkBinding.of(local.registry()).require(requested.networkId(), requested.epoch());
        } catch (WireFormatException otherNetwork) {
            throw ApiProblemException.badRequest(otherNetwork.getMessage());
        }
    }

    /** The stored record of {@code (user, key)}, if this node holds one. */
    public Optional<KeyRecord> find(String userId, String keyId) {
        return store.get(NodeStore.KEYS, KeyRecord.storeKey(userId, keyId)).map(value -> {
            try {
                return KeyRecord.decode(value);
            } finally {
                Arrays.fill(value, (byte) 0);
            }
        });
    }

    public boolean isDeleted(String userId, String keyId) {
        return store.get(NodeStore.DELETED_KEYS, KeyRecord.storeKey(userId, keyId)).isPresent();
    }
}
