package io.sigil.client.cli;

/** {@code --timeout SECONDS} values: at least one second, at most a day. */
final class Timeouts {
    private Timeouts() {
    }

    static int check(int seconds) {
        if (seconds < 1 || seconds > 86_400) {
            throw new UsageException("--timeout must be between 1 and 86400 seconds, got " + seconds);
        }
        return seconds;
    }
}
