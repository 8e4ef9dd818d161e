package io.sigil.service;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import io.sigil.service.tls.ServerTlsProperties;
import org.slf4j.LoggerFactory;

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
        String environmentName = environment;
        if (System.getProperty("logback.configurationFile") == null) {
            // before the first logger exists, so logback reads it at its start
            System.setProperty("logback.configurationFile", LOG_CONFIGURATION);
        }
        Micronaut micronaut = new Micronaut() {
            /**
             * Micronaut logs a failed start with the whole bean path (and may log it twice); an
             * operator needs the reason once, in one line, and a non-zero exit.
             */
            @Override
            protected void handleStartupException(Environment environment, Throwable failure) {
                LoggerFactory.getLogger(mainClass).error("{} cannot start: {}", environmentName,
                        StartFailure.describe(failure));
                System.exit(1);
            }
        };
        return micronaut.args(args)
                .properties(ServerTlsProperties.fromSettings(ServiceLauncher::setting))
                .mainClass(mainClass)
                .deduceEnvironment(false)
                .environments(environment)
                .banner(false)
                .start();
    }
}
