/**
 * Test-only fault injection on a signing node ({@link io.sigil.node.faults.FaultInjection}):
 * inert unless {@code sigil.test.fault-injection=true}.
 */
@Configuration
@Requires(env = SigningClientApplication.ENVIRONMENT)
package io.sigil.node.faults;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
import io.sigil.node.SigningClientApplication;
