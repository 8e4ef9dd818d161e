package io.sigil.service;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;

/**
 * Starts one Sigil service: its environment name selects its beans (each service's package is
 * gated by it), and environment deduction is off so start-up never probes for cloud platforms.
 * Logging follows {@value #LOG_CONFIGURATION} (text or, with {@code SIGIL_LOG_FORMAT=json}, one
 * JSON object per line) unless {@code -Dlogback.configurationFile} names another file.
 */
public final class ServiceLauncher {
    static final String LOG_CONFIGURATION = "sigil-logback.xml";

    private ServiceLauncher() {
    }

    public static ApplicationContext run(Class<?> mainClass, String environment, String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            // before the first logger exists, so logback reads it at its start
            System.setProperty("logback.configurationFile", LOG_CONFIGURATION);
        }
        return Micronaut.build(args)
                .mainClass(mainClass)
                .deduceEnvironment(false)
                .environments(environment)
                .banner(false)
                .start();
    }
}
