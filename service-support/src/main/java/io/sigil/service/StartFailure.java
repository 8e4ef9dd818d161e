package io.sigil.service;

/**
 * Why a service could not start, in one sentence for a person. Micronaut wraps the real reason
 * (a registry that does not validate, keys that are not the pinned ones, a store whose master key
 * does not open it) in bean-instantiation exceptions whose messages dump the whole bean path; the
 * innermost cause is the one that names the problem.
 */
public final class StartFailure {
    private StartFailure() {
    }

    public static String describe(Throwable failure) {
        Throwable reason = failure;
        while (reason.getCause() != null && reason.getCause() != reason) {
            reason = reason.getCause();
        }
        if (reason instanceof java.net.BindException) {
            return "the port is already in use (another process listens on it): " + message(reason);
        }
        String message = reason.getMessage();
        if (message == null || message.isBlank()) {
            return "start-up failed (" + reason.getClass().getSimpleName() + ")";
        }
        return message.lines().findFirst().orElse(message).strip();
    }

    private static String message(Throwable reason) {
        return reason.getMessage() == null ? "no detail" : reason.getMessage();
    }
}
