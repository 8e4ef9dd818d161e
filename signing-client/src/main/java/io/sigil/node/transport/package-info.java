/**
 * Node-to-node transport of protocol messages (design §3 "Messages", docs/design.md §6).
 *
 * <p>One long-lived pair channel per ordered pair of signing nodes carries the messages of every
 * session the two share: each node serves each peer one binary stream ({@code GET /v1/channel},
 * signed by the reader; {@link io.sigil.node.transport.ChannelController}) of
 * {@link io.sigil.node.transport.ChannelFrame}s numbered per pair, and reads each peer's stream
 * for itself ({@link io.sigil.node.transport.PeerChannel}). Broadcasts travel in binary
 * ({@link io.sigil.node.transport.SealedEnvelope}) signed by the sender's identity key
 * ({@link io.sigil.node.transport.EnvelopeSeal}); direct messages are sealed with the pair's
 * AES-GCM key for their session and direction, numbered per direction
 * ({@link io.sigil.node.transport.PairSeal}, {@link io.sigil.node.transport.PairedEnvelope};
 * docs/security.md §8).
 *
 * <p>Entry point: {@link io.sigil.node.transport.SessionTransports#open}, which announces the
 * session on its peers' channels and returns a {@link io.sigil.node.transport.SessionTransport}
 * to publish on and close. Serving side: {@link io.sigil.node.transport.PairChannels} (one
 * {@link io.sigil.node.transport.ChannelOutbox} per peer, one live
 * {@link io.sigil.node.transport.ChannelStream} each); reading side: one
 * {@link io.sigil.node.transport.PeerChannel} per peer, handing each session's frames to its
 * {@link io.sigil.node.transport.SessionPart}.
 *
 * <p>Threads: publishing appends to the channels on the caller's thread and returns; the HTTP
 * server's event loop writes the streams. Each peer channel reads on its own virtual thread and
 * calls the sessions' inbound consumers there, so one peer's envelopes arrive in that peer's
 * order (across all sessions) while different peers' envelopes may arrive concurrently. A single
 * daemon timer thread per node sends heartbeats, reports peers that stay unreachable or never
 * announce a session, and cuts silent connections.
 *
 * <p>Guarantees: a published envelope is served to its reader until it resumes past it or the
 * session closes; each reaches the inbound consumer exactly once and in order, across reconnects
 * ({@code Last-Event-ID} with the sender's incarnation). Nothing is dropped silently: a full
 * channel fails the publish naming the lagging peer; a frame out of turn, an envelope that does
 * not open, a refusal or a restart of the peer ends in a
 * {@link io.sigil.node.transport.TransportFailure} naming the peer.
 */
@Configuration
@Requires(env = SigningClientApplication.ENVIRONMENT)
package io.sigil.node.transport;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
import io.sigil.node.SigningClientApplication;
