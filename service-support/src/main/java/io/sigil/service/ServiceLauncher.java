package io.sigil.service;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;

/**
 * Starts one Sigil service: its environment name selects its beans (each service's package is
 * gated by it), and environment deduction is off so start-up never probes for cloud platforms.
 */
public final class ServiceLauncher {
    private ServiceLauncher() {
    }

    public static ApplicationContext run(Class<?> mainClass, String environment, String[] args) {
        return Micronaut.build(args)
                .mainClass(mainClass)
                .deduceEnvironment(false)
                .environments(environment)
                .banner(false)
                .start();
    }
}
