package io.sigil.manager;

import io.sigil.service.ServiceLauncher;

/** Starts the communication-manager service. Configuration: SIGIL_NODE_ID, SIGIL_REGISTRY, SIGIL_DATA_DIR, SIGIL_PORT. */
public final class CommunicationManagerApplication {
    public static final String ENVIRONMENT = "communication-manager";

    private CommunicationManagerApplication() {
    }

    public static void main(String[] args) {
        ServiceLauncher.run(CommunicationManagerApplication.class, ENVIRONMENT, args);
    }
}
