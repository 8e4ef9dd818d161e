package io.sigil.testing.sign;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.devnet.network.Devnet;
import io.sigil.identity.AccountKey;
import java.net.URI;

/**
 * A devnet as a user finds it (its registry chain verified against the devnet's pin, first manager)
 * and, when asked, a key registered on it.
 */
public record DevnetUser(TrustedNetwork network, URI manager, AccountKey account, Registration key) {

    /** Discovery only. */
    public static DevnetUser discover(Devnet devnet, SigilHttp http) throws Exception {
        TrustedNetwork network = new Discovery(http, devnet.pin()).network(URI.create(devnet.entryUrl()));
        return new DevnetUser(network, URI.create(network.managers().getFirst().url()), null, null);
    }

    /** Discovery, then a fresh account with one key registered on every committee. */
    public static DevnetUser register(Devnet devnet, SigilHttp http) throws Exception {
        DevnetUser found = discover(devnet, http);
        AccountKey account = AccountKey.generate();
        Registration key = new UserClient(http).register(found.network(), account, NewKeyOptions.defaults());
        assertThat(key.isComplete()).as("every node acknowledged the key").isTrue();
        return new DevnetUser(found.network(), found.manager(), account, key);
    }
}
