package io.sigil.devnet.network;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One devnet per data directory: an exclusive lock on {@code devnet.lock} held for as long as the
 * devnet runs. The operating system releases it when the process ends, however it ends, so a
 * killed devnet never leaves the directory locked. A devnet started by a build without this lock
 * is recognised by the live process id in its {@code network.json}.
 */
public final class DevnetLock implements AutoCloseable {
    static final String LOCK_FILE = "devnet.lock";
    private static final Pattern PID = Pattern.compile("\"pid\"\\s*:\\s*(\\d+)");

    private final FileChannel channel;
    private final FileLock lock;

    private DevnetLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the directory, or says which devnet holds it. */
    public static DevnetLock acquire(Path directory) throws IOException {
        Files.createDirectories(directory);
        Optional<Long> legacy = runningPid(directory);
        FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new DevnetBusyException(directory, legacy.orElse(null));
        }
        if (legacy.isPresent() && legacy.get() != ProcessHandle.current().pid()) {
            lock.release();
            channel.close();
            throw new DevnetBusyException(directory, legacy.get());
        }
        return new DevnetLock(channel, lock);
    }

    /** The pid a devnet recorded in the directory's network file, when that process still runs Java. */
    private static Optional<Long> runningPid(Path directory) throws IOException {
        Path networkFile = directory.resolve("network.json");
        if (!Files.isRegularFile(networkFile)) {
            return Optional.empty();
        }
        Matcher matcher = PID.matcher(Files.readString(networkFile, StandardCharsets.UTF_8));
        if (!matcher.find()) {
            return Optional.empty();
        }
        long pid = Long.parseLong(matcher.group(1));
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.contains("java")).orElse(false))
                .map(ProcessHandle::pid);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        }
    }

    /** Another devnet runs on this directory; starting a second one would overwrite its keys and registry. */
    public static final class DevnetBusyException extends IOException {
        DevnetBusyException(Path directory, Long pid) {
            super(directory.toAbsolutePath() + " is in use by a running devnet"
                    + (pid == null ? "" : " (pid " + pid + ")")
                    + ": stop it first (Ctrl-C in its shell), or give this one another --data-dir");
        }
    }
}
