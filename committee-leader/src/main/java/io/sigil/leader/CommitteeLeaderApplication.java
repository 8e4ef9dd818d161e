package io.sigil.leader;

import io.sigil.service.ServiceLauncher;

/** Starts the committee-leader service. Configuration: SIGIL_NODE_ID, SIGIL_REGISTRY, SIGIL_DATA_DIR, SIGIL_PORT. */
public final class CommitteeLeaderApplication {
    public static final String ENVIRONMENT = "committee-leader";

    private CommitteeLeaderApplication() {
    }

    public static void main(String[] args) {
        ServiceLauncher.run(CommitteeLeaderApplication.class, ENVIRONMENT, args);
    }
}
