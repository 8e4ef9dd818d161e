package io.sigil.leader;

import io.micronaut.runtime.Micronaut;

/** Starts the committee-leader service. Configuration: SIGIL_NODE_ID, SIGIL_REGISTRY, SIGIL_DATA_DIR, SIGIL_PORT. */
public final class CommitteeLeaderApplication {
    public static final String ENVIRONMENT = "committee-leader";

    private CommitteeLeaderApplication() {
    }

    public static void main(String[] args) {
        Micronaut.build(args)
                .mainClass(CommitteeLeaderApplication.class)
                .deduceEnvironment(false)
                .environments(ENVIRONMENT)
                .banner(false)
                .start();
    }
}
