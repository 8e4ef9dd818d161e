/**
 * The signing-client service. Its beans load only in an application context started with the
 * "signing-client" environment, so several services can share one JVM (the devnet) without
 * one's controllers appearing in another's context.
 */
@Configuration
@Requires(env = SigningClientApplication.ENVIRONMENT)
package io.sigil.node;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
