package io.sigil.service;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.sigil.service.tls.ServerTlsProperties;

/**
 * Starts one Sigil service: its environment name selects its beans (each service's package is
 * gated by it), and environment deduction is off so start-up never probes for cloud platforms.
 * Logging follows {@value #LOG_CONFIGURATION} (text or, with {@code SIGIL_LOG_FORMAT=json}, one
 * JSON object per line) unless {@code -Dlogback.configurationFile} names another file. With
 * {@code SIGIL_TLS_CERT} and {@code SIGIL_TLS_KEY} set it serves HTTPS only ({@link ServerTlsProperties}).
 */
public final class ServiceLauncher {
    static final String LOG_CONFIGURATION = "sigil-logback.xml";

    private ServiceLauncher() {
    }

    /** A system property, else the environment variable of that name. */
    private static String setting(String name) {
        String value = System.getProperty(name);
        return value != null ? value : System.getenv(name);
    }

    public static ApplicationContext run(Class<?> mainClass, String environment, String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            // before the first logger exists, so logback reads it at its start
            System.setProperty("logback.configurationFile", LOG_CONFIGURATION);
        }
        return Micronaut.build(args)
                .properties(ServerTlsProperties.fromSettings(ServiceLauncher::setting))
                .mainClass(mainClass)
                .deduceEnvironment(false)
                .environments(environment)
                .banner(false)
                .start();
    }
}
