package io.sigil.node;

import io.micronaut.runtime.Micronaut;

/** Starts the signing-client service. Configuration: SIGIL_NODE_ID, SIGIL_REGISTRY, SIGIL_DATA_DIR, SIGIL_PORT. */
public final class SigningClientApplication {
    public static final String ENVIRONMENT = "signing-client";

    private SigningClientApplication() {
    }

    public static void main(String[] args) {
        Micronaut.build(args)
                .mainClass(SigningClientApplication.class)
                .deduceEnvironment(false)
                .environments(ENVIRONMENT)
                .banner(false)
                .start();
    }
}
