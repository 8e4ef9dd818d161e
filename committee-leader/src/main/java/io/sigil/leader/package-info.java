/**
 * The committee-leader service. Its beans load only in an application context started with the
 * "committee-leader" environment, so several services can share one JVM (the devnet) without
 * one's controllers appearing in another's context.
 */
@Configuration
@Requires(env = CommitteeLeaderApplication.ENVIRONMENT)
package io.sigil.leader;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
