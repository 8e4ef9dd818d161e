/**
 * The node's job manager (design §5): runs many multi-party sessions at once under bounds.
 *
 * <p>Entry points: {@link io.sigil.node.jobs.JobManager} ({@code submit}, {@code deliver},
 * {@code poll}, {@code metrics}) driving {@link io.sigil.node.jobs.Job}s, of which
 * {@link io.sigil.node.jobs.SigningJob} runs DKLs23 signing (spec §6). The transport plugs in as an
 * {@link io.sigil.node.jobs.Outbound}; the HTTP layer turns
 * {@link io.sigil.node.jobs.SubmitResult.Overloaded} into {@code 503} with {@code Retry-After}.
 *
 * <p>Threads: each session runs on its own serial lane over a shared executor (virtual threads):
 * one call into a job at a time, sessions in parallel. {@code submit} and {@code deliver} only
 * enqueue and never block on a job. One daemon thread polls deadlines.
 *
 * <p>The core classes are plain Java; {@link io.sigil.node.jobs.JobManagerConfiguration} is the
 * only Micronaut bean, reading the limits from {@code sigil.jobs.*}.
 */
@Configuration
@Requires(env = SigningClientApplication.ENVIRONMENT)
package io.sigil.node.jobs;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
import io.sigil.node.SigningClientApplication;
