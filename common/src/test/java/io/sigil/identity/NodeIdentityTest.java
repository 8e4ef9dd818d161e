package io.sigil.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdentityTest {
    private static final byte[] MESSAGE = "sign me".getBytes(StandardCharsets.UTF_8);

    @Test
    void signaturesVerifyOnlyUnderTheSignersPinnedKey() {
        NodeIdentity alice = NodeIdentity.generate();
        NodeIdentity bob = NodeIdentity.generate();
        byte[] signature = alice.sign(MESSAGE);
        assertThat(signature).hasSize(64);
        assertThat(PeerKeys.of(alice.identityKey(), alice.encryptionKey()).verifies(MESSAGE, signature)).isTrue();
        assertThat(PeerKeys.of(bob.identityKey(), bob.encryptionKey()).verifies(MESSAGE, signature)).isFalse();
        byte[] altered = MESSAGE.clone();
        altered[0] ^= 1;
        assertThat(PeerKeys.of(alice.identityKey(), alice.encryptionKey()).verifies(altered, signature)).isFalse();
    }

    @Test
    void hpkeOpensOnlyForTheRecipientAndTheSameContext() throws Exception {
        NodeIdentity recipient = NodeIdentity.generate();
        NodeIdentity other = NodeIdentity.generate();
        byte[] context = "user|key|committee 1|node a".getBytes(StandardCharsets.UTF_8);
        byte[] ciphertext = PeerKeys.of(recipient.identityKey(), recipient.encryptionKey()).encrypt(MESSAGE, context);
        assertArrayEquals(MESSAGE, recipient.decrypt(ciphertext, context));
        assertThrows(GeneralSecurityException.class, () -> other.decrypt(ciphertext, context));
        assertThrows(GeneralSecurityException.class,
                () -> recipient.decrypt(ciphertext, "user|key|committee 2|node a".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void savedKeysLoadBackWithOwnerOnlyPermissions(@TempDir Path directory) throws Exception {
        NodeIdentity identity = NodeIdentity.generate();
        identity.save(directory);
        NodeIdentity loaded = NodeIdentity.load(directory);
        assertThat(loaded.identityKey()).isEqualTo(identity.identityKey());
        assertThat(loaded.encryptionKey()).isEqualTo(identity.encryptionKey());
        assertThat(PeerKeys.of(identity.identityKey(), identity.encryptionKey()).verifies(MESSAGE, loaded.sign(MESSAGE)))
                .isTrue();
        assertThat(Files.getPosixFilePermissions(directory.resolve(NodeIdentity.SIGNING_FILE)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(identity.toString()).doesNotContain("privateKey").contains("redacted");
    }

    @Test
    void missingOrCorruptKeyFilesAreNamed(@TempDir Path directory) throws Exception {
        IOException missing = assertThrows(IOException.class, () -> NodeIdentity.load(directory));
        assertThat(missing.getMessage()).contains(NodeIdentity.SIGNING_FILE).contains("sigil node keygen");
        NodeIdentity.generate().save(directory);
        Files.writeString(directory.resolve(NodeIdentity.ENCRYPTION_FILE), "{}");
        IOException corrupt = assertThrows(IOException.class, () -> NodeIdentity.load(directory));
        assertThat(corrupt.getMessage()).contains(NodeIdentity.ENCRYPTION_FILE).contains("not a valid Tink keyset");
    }
}
