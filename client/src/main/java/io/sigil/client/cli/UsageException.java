package io.sigil.client.cli;

/**
 * The command line, or a file it names, is wrong: an unusable option value, a missing or
 * unreadable input file, a path that is a directory. {@code sigil} prints the message and exits
 * with {@value #EXIT_CODE}, as picocli does for unknown or conflicting options; operations that
 * were tried and failed exit with 1.
 */
public final class UsageException extends RuntimeException {
    public static final int EXIT_CODE = 2;

    public UsageException(String message) {
        super(message);
    }
}
