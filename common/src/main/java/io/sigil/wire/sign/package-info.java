/**
 * Wire types of the sign_request flow (design §4): the user's {@link io.sigil.wire.sign.SignRequest},
 * the manager's {@link io.sigil.wire.sign.NewParty} to the chosen nodes, their
 * {@link io.sigil.wire.sign.SessionReport}s back, and the {@link io.sigil.wire.sign.SignatureStatus}
 * the user fetches.
 */
package io.sigil.wire.sign;
