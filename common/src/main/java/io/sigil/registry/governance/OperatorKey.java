package io.sigil.registry.governance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import io.sigil.identity.AccountKey;
import io.sigil.identity.SecretFiles;
import io.sigil.json.Json;
import io.sigil.registry.PublicKeyBytes;
import io.sigil.registry.RegistryDocument.GovernanceDocument;
import io.sigil.registry.RegistryDocument.OperatorDocument;
import io.sigil.wire.WireFields;

/**
 * An operator's Ed25519 key (the same Tink keyset kind as an account key) and the operator id the
 * registry's governance block names it by. It signs approvals of the next registry and aborts of
 * an open proposal ({@link EpochAbort}); nothing else.
 * The file ({@value #FORMAT}) is a secret, written owner-readable only.
 */
public final class OperatorKey {
    public static final String FORMAT = "sigil-operator-key/v1";

    private final String id;
    private final AccountKey key;

    /** The file's content. */
    record OperatorKeyFile(String format, String id, String keyset) {
    }

    private OperatorKey(String id, AccountKey key) {
        this.id = id;
        this.key = key;
    }

    public static OperatorKey generate(String id) {
        return new OperatorKey(WireFields.identifier("operator id", id), AccountKey.generate());
    }

    public static OperatorKey load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no operator key file " + file + " (create one with `sigil network operator-keygen`)");
        }
        try {
            OperatorKeyFile content = Json.read(Files.readString(file), OperatorKeyFile.class);
            if (!FORMAT.equals(content.format())) {
                throw new IOException(file + " has format '" + content.format() + "', expected " + FORMAT);
            }
            return new OperatorKey(content.id(), AccountKey.fromSecretJson(content.keyset()));
        } catch (IllegalArgumentException malformed) {
            throw new IOException(file + " is not a Sigil operator key file");
        }
    }

    public void save(Path file) throws IOException {
        SecretFiles.write(file, Json.writePretty(new OperatorKeyFile(FORMAT, id, key.toSecretJson())));
    }

    /** The governance block naming {@code operators}, of whom {@code quorum} must approve. */
    public static GovernanceDocument governance(int quorum, List<OperatorKey> operators) {
        return new GovernanceDocument(quorum, operators.stream()
                .map(operator -> new OperatorDocument(operator.id(), operator.publicKey().toHex())).toList());
    }

    public String id() {
        return id;
    }

    public PublicKeyBytes publicKey() {
        return key.publicKey();
    }

    /** This operator's signature over the approval of {@code documentSha256} as the registry of {@code epoch}. */
    public Approval.OperatorSignature approve(String networkId, long epoch, byte[] documentSha256) {
        byte[] signature = key.sign(Approval.signedMessage(networkId, epoch, documentSha256));
        return new Approval.OperatorSignature(id, HexFormat.of().formatHex(signature));
    }

    /** This operator's abort of the open proposal of {@code documentSha256} as the registry of {@code epoch}. */
    EpochAbort abort(String networkId, long epoch, String documentSha256, long signedAt) {
        byte[] signature = key.sign(EpochAbort.signedMessage(networkId, epoch, HexFormat.of().parseHex(documentSha256),
                signedAt));
        return new EpochAbort(networkId, epoch, documentSha256, id, signedAt, HexFormat.of().formatHex(signature));
    }

    /** This operator's deadline for the commit of {@code documentSha256} as the registry of {@code epoch}. */
    EpochDeadline deadline(String networkId, long epoch, String documentSha256, long deadline) {
        byte[] signature = key.sign(EpochDeadline.signedMessage(networkId, epoch,
                HexFormat.of().parseHex(documentSha256), deadline));
        return new EpochDeadline(networkId, epoch, documentSha256, id, deadline, HexFormat.of().formatHex(signature));
    }

    @Override
    public String toString() {
        return "OperatorKey[" + id + ", " + publicKey().toHex() + ", private key redacted]";
    }
}
