package io.sigil.wire.sign;

/** The manager's {@code 202} answer to a sign_request: the id to fetch the result by. */
public record SignRequestAccepted(String requestId) {
}
