package io.sigil.node;

import io.sigil.service.ServiceLauncher;

/** Starts the signing-client service. Configuration: SIGIL_NODE_ID, SIGIL_REGISTRY, SIGIL_DATA_DIR, SIGIL_PORT. */
public final class SigningClientApplication {
    public static final String ENVIRONMENT = "signing-client";

    private SigningClientApplication() {
    }

    public static void main(String[] args) {
        ServiceLauncher.run(SigningClientApplication.class, ENVIRONMENT, args);
    }
}
