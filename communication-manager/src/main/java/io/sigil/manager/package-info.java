/**
 * The communication-manager service. Its beans load only in an application context started with the
 * "communication-manager" environment, so several services can share one JVM (the devnet) without
 * one's controllers appearing in another's context.
 */
@Configuration
@Requires(env = CommunicationManagerApplication.ENVIRONMENT)
package io.sigil.manager;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
