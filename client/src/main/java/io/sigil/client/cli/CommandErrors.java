package io.sigil.client.cli;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sigil.client.SigilApiException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * How {@code sigil} reports a failure: one line {@code sigil: ...} on stderr naming the culprit
 * (the option, the file, the URL) and what to do, never a stack trace. Exit codes: {@code 0} the
 * command did what was asked, {@code 1} it was tried and failed (a node refused, nothing listens at
 * the URL, a request failed, a signature is invalid), {@code 2} the command line is wrong (an
 * unknown, missing or conflicting option, a malformed value, an input file that is missing,
 * unreadable or a directory).
 */
public final class CommandErrors {
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    private static final Pattern GIVEN_OPTION = Pattern.compile("\\{(--[a-z][a-z-]*)=");

    private CommandErrors() {
    }

    /** Installs the handlers on {@code commandLine} (and so on all its subcommands). */
    public static CommandLine install(CommandLine commandLine) {
        commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
            line.getErr().println("sigil: " + describe(failure));
            line.getErr().flush();
            return exitCode(failure);
        });
        commandLine.setParameterExceptionHandler(CommandErrors::usage);
        return commandLine;
    }

    private static int usage(ParameterException wrong, String[] arguments) {
        CommandLine line = wrong.getCommandLine();
        PrintWriter err = line.getErr();
        if (!line.getSubcommands().isEmpty() && wrong.getMessage().startsWith("Missing required subcommand")) {
            // `sigil` or `sigil user` alone: show what can follow
            line.usage(err);
            err.flush();
            return USAGE;
        }
        err.println("sigil: " + readable(wrong));
        CommandLine.UnmatchedArgumentException.printSuggestions(wrong, err);
        err.println("run `" + line.getCommandSpec().qualifiedName() + " --help` for its options");
        err.flush();
        return USAGE;
    }

    /** picocli's message for two options of an exclusive group names the groups' syntax; name the options. */
    private static String readable(ParameterException wrong) {
        String message = wrong.getMessage();
        if (wrong instanceof CommandLine.MaxValuesExceededException && message.contains("expected only one match")) {
            Matcher given = GIVEN_OPTION.matcher(message);
            List<String> options = new ArrayList<>();
            while (given.find()) {
                if (!options.contains(given.group(1))) {
                    options.add(given.group(1));
                }
            }
            if (options.size() >= 2) {
                return String.join(" and ", options) + " cannot be used together (give only one)";
            }
        }
        return message;
    }

    static int exitCode(Throwable failure) {
        return switch (failure) {
            case UsageException usage -> USAGE;
            case NoSuchFileException missing -> USAGE;
            case AccessDeniedException denied -> USAGE;
            case FileSystemException other when isDirectoryProblem(other) -> USAGE;
            default -> FAILED;
        };
    }

    /** The sentence after {@code sigil: }. */
    public static String describe(Throwable failure) {
        return switch (failure) {
            case NoSuchFileException missing -> missing.getFile() + ": no such file";
            case AccessDeniedException denied -> denied.getFile() + ": permission denied";
            case NotDirectoryException notDirectory -> notDirectory.getFile() + ": not a directory";
            case FileSystemException other when isDirectoryProblem(other) ->
                    other.getFile() + " is a directory; a file is expected here";
            case FileSystemException other -> other.getFile() + ": "
                    + (other.getReason() == null ? "cannot be used" : other.getReason().toLowerCase(Locale.ROOT));
            case CharacterCodingException notText -> "an input file is not text (" + simpleName(notText) + ")";
            case SigilApiException api when api.status() == 0 && api.getCause() instanceof ConnectException ->
                    api.getMessage() + "; is the devnet running? start it with `./sigil devnet`";
            default -> message(failure);
        };
    }

    private static boolean isDirectoryProblem(FileSystemException failure) {
        return failure.getReason() != null && failure.getReason().toLowerCase(Locale.ROOT).contains("is a directory");
    }

    private static String message(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? "failed (" + simpleName(failure) + ")" : message;
    }

    private static String simpleName(Throwable failure) {
        return failure.getClass().getSimpleName();
    }
}
