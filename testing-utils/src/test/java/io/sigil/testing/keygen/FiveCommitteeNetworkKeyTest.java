package io.sigil.testing.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.sign.HashRule;
import io.sigil.client.sign.MessageInput;
import io.sigil.client.sign.SignClient;
import io.sigil.client.sign.SignatureResult;
import io.sigil.client.user.AccountFile;
import io.sigil.client.user.NetworkKey;
import io.sigil.client.user.NetworkKeyClient;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.testing.protocol.Verifiers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A network key on 5 committees × 1 node with t = 3 (keygen §2): generated, then a party of three signs. */
class FiveCommitteeNetworkKeyTest {
    @Test
    void aThreeOfFiveKeyIsGeneratedAndSigns(@TempDir Path directory) throws Exception {
        SigilHttp http = new SigilHttp(Duration.ofSeconds(30));
        try (Devnet devnet = Devnet.start(directory, new DevnetPlan(5, 1, 3, 1, 0))) {
            TrustedNetwork network = new Discovery(http, devnet.pin()).network(URI.create(devnet.entryUrl()));
            AccountKey account = AccountKey.generate();

            NetworkKey key = new NetworkKeyClient(http).generate(network, account, NewKeyOptions.defaults().withThreshold(3),
                    Duration.ofSeconds(60));

            assertThat(key.threshold()).isEqualTo(3);
            assertThat(key.acks()).hasSize(5);
            SignatureResult signed;
            try (SignClient signer = new SignClient(http)) {
                signed = signer.sign(network, account, AccountFile.KeyEntry.of(key),
                        new MessageInput.Text("three of five", HashRule.EIP191), Duration.ofSeconds(60));
            }
            assertThat(signed.isDone()).as("reason %s", signed.reason()).isTrue();
            byte[] digest = MessageDigests.eip191PersonalSign("three of five".getBytes(StandardCharsets.UTF_8));
            Verifiers.assertValid(signed.ecdsaSignature(), key.publicKey(), digest);
            assertThat(EthereumAddress.fromPublicKey(signed.ecdsaSignature().recoverPublicKey(digest)))
                    .isEqualTo(key.address());
        }
    }
}
