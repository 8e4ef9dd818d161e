package io.sigil.testing.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.devnet.network.Devnet;
import io.sigil.manager.keygen.ActivationsInFlight;
import java.time.Duration;

/**
 * The manager answers new_key once every committee has one replica with the key ACTIVE
 * (docs/keygen.md §6.1); the other replicas' activates may still run. A test that reads every
 * replica's records waits here, on the manager's own record of the activates it sent, until all ended.
 */
public final class Activations {
    private Activations() {
    }

    /** Returns once no activate sent by the devnet's manager is still running (fails after a minute). */
    public static void settled(Devnet devnet) throws InterruptedException {
        assertThat(devnet.context("manager-1").getBean(ActivationsInFlight.class).awaitNone(Duration.ofSeconds(60)))
                .as("the manager's activates ended").isTrue();
    }
}
