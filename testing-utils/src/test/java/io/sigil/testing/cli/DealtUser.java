package io.sigil.testing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.devnet.network.Devnet;
import io.sigil.identity.AccountKey;
import java.net.URI;
import java.time.Duration;

/** A user registered on a devnet with one dealt key: what the epoch-change command tests reshare. */
public final class DealtUser {
    private DealtUser() {
    }

    public static Registration register(Devnet devnet) throws Exception {
        SigilHttp http = new SigilHttp(Duration.ofSeconds(30));
        Registration dealt = new UserClient(http).register(new Discovery(http, devnet.pin())
                .network(URI.create(devnet.entryUrl())), AccountKey.generate(), NewKeyOptions.defaults());
        assertThat(dealt.isComplete()).as("failures %s", dealt.failures()).isTrue();
        return dealt;
    }
}
