/**
 * Node-to-node transport of protocol messages (design §3 "Messages", §6).
 *
 * <p>Each node serves, per session, one server-sent-event stream per party peer
 * ({@code GET /v1/subscribe/{session}}, signed by the subscriber) and subscribes to every peer's
 * stream for itself. What flows is {@link io.sigil.wire.envelope.SignedEnvelope}: signed by the
 * sender's identity key, direct payloads HPKE-encrypted to their recipient
 * ({@link io.sigil.node.transport.EnvelopeSeal}).
 *
 * <p>Entry point: {@link io.sigil.node.transport.SessionTransports#open}, which returns a
 * {@link io.sigil.node.transport.SessionTransport} to publish on and close.
 *
 * <p>Threads: publishing appends to the {@link io.sigil.node.transport.Outbox} on the caller's
 * thread and returns; the HTTP server's event loop writes the streams. Each peer subscription reads
 * on its own virtual thread and calls the inbound consumer there, so one peer's envelopes arrive
 * in that peer's order while different peers' envelopes may arrive concurrently. A single
 * daemon timer thread per node sends heartbeats, expires pending subscriptions and cuts silent
 * connections.
 *
 * <p>Guarantees: a published envelope is served to its subscribers until the session closes;
 * each reaches the inbound consumer exactly once and in order, across reconnects
 * ({@code Last-Event-ID}). Nothing is dropped: a full outbox fails the publish naming the
 * lagging peer, an undeliverable stream ends in a {@link io.sigil.node.transport.TransportFailure}
 * naming the peer.
 */
@Configuration
@Requires(env = SigningClientApplication.ENVIRONMENT)
package io.sigil.node.transport;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
import io.sigil.node.SigningClientApplication;
