package io.sigil.kvdb.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child JVM running a test main class, with its stdout read line by line. */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader output;
    private final Path errorLog;

    private ChildJvm(Process process, Path errorLog) {
        this.process = process;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.errorLog = errorLog;
    }

    static ChildJvm start(Class<?> mainClass, Path errorLog, String... arguments) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.to(errorLog.toFile()))
                .start();
        return new ChildJvm(process, errorLog);
    }

    /** The next line of output, or null at end of stream. */
    String readLine() throws IOException {
        return output.readLine();
    }

    /** Reads lines until one starts with {@code prefix}; fails with the child's stderr if it ends first. */
    String awaitLineStartingWith(String prefix) throws IOException {
        for (String line = readLine(); line != null; line = readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IllegalStateException("child ended before printing '" + prefix + "'; stderr:\n" + Files.readString(errorLog));
    }

    /** SIGKILL on Linux: no shutdown hooks, no RocksDB close, no flush of anything not yet written. */
    void kill() throws InterruptedException {
        // Through the ProcessHandle: Process.destroyForcibly() would also close our end of the
        // pipe, losing the acks the child printed just before it died.
        process.toHandle().destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("child did not die");
        }
    }

    /** Every remaining line, after the child is dead (what it printed before the kill). */
    List<String> drain() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = readLine(); line != null; line = readLine()) {
            lines.add(line);
        }
        return lines;
    }

    void closeInput() throws IOException {
        process.getOutputStream().close();
    }

    int waitForExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("child did not exit");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        output.close();
    }
}
