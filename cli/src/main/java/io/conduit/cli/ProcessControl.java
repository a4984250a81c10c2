package io.conduit.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts the cluster's processes detached from the terminal (their own session, output to a log
 * file), records their PIDs, and stops exactly those: a PID is only signalled if its process's
 * command line still names the cluster's directory, so a reused PID is never touched.
 */
final class ProcessControl {

    private final Path runDir;
    private final String marker;

    ProcessControl(Path clusterDir) {
        this.runDir = clusterDir.resolve("run");
        this.marker = clusterDir.toString();
    }

    /** Starts a program that stays in the foreground, and records its PID under {@code name}. */
    long start(String name, List<String> command, Path workDir, Path log, Map<String, String> env) {
        Process process = spawn(command, workDir, log, env);
        long pid = process.pid();
        writePid(name, pid);
        return pid;
    }

    Optional<Long> running(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::ours).map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** @return whether the process whose PID is recorded in {@code pidFile} is alive (just started: no identity check) */
    boolean alive(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /**
     * Stops a process by its recorded PID: SIGTERM, then SIGKILL after {@code graceSeconds}.
     *
     * @return whether it was running
     */
    boolean stop(Path pidFile, int graceSeconds) {
        Optional<Long> pid = running(pidFile);
        if (pid.isPresent()) {
            ProcessHandle process = ProcessHandle.of(pid.get()).orElseThrow();
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            if (!awaitExit(process, graceSeconds)) {
                process.destroyForcibly();
                awaitExit(process, 10);
            }
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // a stale PID file is harmless: its process is checked before use
        }
        return pid.isPresent();
    }

    Path pidFile(String name) {
        return runDir.resolve(name + ".pid");
    }

    private boolean ours(ProcessHandle process) {
        return process.info().commandLine().map(c -> c.contains(marker)).orElse(false)
                || process.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false);
    }

    /**
     * Polls rather than {@code onExit()}: the processes were started by an earlier command, so they
     * are not this JVM's children; once ended they may linger as zombies until init reaps them.
     */
    private static boolean awaitExit(ProcessHandle process, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (running(process)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return true;
    }

    /** @return whether a process still runs: alive, and not a zombie waiting to be reaped */
    private static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return process.isAlive();
        }
    }

    private void writePid(String name, long pid) {
        try {
            Files.createDirectories(runDir);
            Files.writeString(runDir.resolve(name + ".pid"), pid + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot record the PID of " + name + " in " + runDir + ": " + e.getMessage());
        }
    }

    private static Process spawn(List<String> command, Path workDir, Path log, Map<String, String> env) {
        List<String> full = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            full.add("/usr/bin/setsid");
        }
        full.addAll(command);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(full).directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            return builder.start();
        } catch (IOException e) {
            throw new CliException("cannot start " + command.get(0) + ": " + e.getMessage());
        }
    }
}
