package dev.heddle.it.harness;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM started by a test: built with {@link #builder()}, its standard output and error are
 * read fully in background threads, it can be talked to on standard input, and it is always killed
 * when it runs past its timeout or when it is closed.
 *
 * <pre>{@code
 * try (ChildJvm child = ChildJvm.builder().jdk(jdk).classpath(classes).mainClass(App.class).start()) {
 *     ChildResult result = child.waitFor();
 *     assertThat(result.succeeded()).as(result.describe()).isTrue();
 * }
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable {

    /** How long a child may run unless its builder says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Environment variables a child does not inherit from the test JVM unless set explicitly: the
     * Heddle configuration and the JVM option variables, which would change what the child does.
     */
    static final List<String> UNINHERITED_ENV = List.of(
            "HEDDLE_CONFIG", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private final Process process;
    private final List<String> commandLine;
    private final Duration timeout;
    private final long deadlineNanos;
    private final OutputCollector stdout;
    private final OutputCollector stderr;

    private ChildJvm(Process process, List<String> commandLine, Duration timeout) {
        this.process = process;
        this.commandLine = List.copyOf(commandLine);
        this.timeout = timeout;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        this.stdout = new OutputCollector(process.getInputStream(), "child-" + process.pid() + "-stdout");
        this.stderr = new OutputCollector(process.getErrorStream(), "child-" + process.pid() + "-stderr");
    }

    /**
     * A builder for a new child JVM.
     *
     * @return an empty builder: set at least the java executable (or JDK) and the main class
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The child's process id, for attaching to it.
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Waits until the child prints a matching line on standard output.
     *
     * @param matches what the line must satisfy
     * @return the line
     * @throws AssertionError if the child exits or its timeout passes first; the message says why
     *         and holds everything it printed
     */
    public String awaitStdoutLine(Predicate<String> matches) {
        try {
            return stdout.awaitLine(matches, timeLeft())
                    .orElseThrow(() -> new AssertionError("expected line never came on stdout\n" + snapshot().describe()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the child", e);
        }
    }

    /**
     * What the child has printed on standard output so far, for a test that talks to a running child.
     *
     * @return the lines read so far, each ending with a line separator
     */
    public String stdoutSoFar() {
        return stdout.text();
    }

    /**
     * What the child has printed on standard error so far.
     *
     * @return the lines read so far, each ending with a line separator
     */
    public String stderrSoFar() {
        return stderr.text();
    }

    /**
     * Writes one line to the child's standard input, and flushes it.
     *
     * @param line the text, without a line separator
     */
    public void writeLine(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the child's stdin\n" + snapshot().describe(), e);
        }
    }

    /**
     * Waits for the child to exit, killing it (and anything it started) if it runs past its timeout.
     *
     * @return what it left; {@link ChildResult#timedOut()} says whether it was killed
     */
    public ChildResult waitFor() {
        boolean exited;
        try {
            exited = process.waitFor(timeLeft().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new AssertionError("interrupted while waiting for the child", e);
        }
        if (!exited) {
            kill();
        }
        awaitOutputs();
        return new ChildResult(commandLine, exited ? process.exitValue() : -1, !exited, stdout.text(), stderr.text());
    }

    /** Kills the child if it still runs; safe to call more than once. */
    @Override
    public void close() {
        kill();
    }

    private ChildResult snapshot() {
        boolean alive = process.isAlive();
        return new ChildResult(commandLine, alive ? -1 : process.exitValue(), false, stdout.text(),
                stderr.text() + (alive ? "(still running)\n" : ""));
    }

    private Duration timeLeft() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitOutputs() {
        try {
            stdout.awaitEnd(Duration.ofSeconds(10));
            stderr.awaitEnd(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "child JVM " + process.pid() + " (timeout " + timeout + "): " + String.join(" ", commandLine);
    }

    /** Describes a child JVM to start. */
    public static final class Builder {

        private Path javaExecutable;
        private final List<Path> classpath = new ArrayList<>();
        private String mainClass;
        private String jar;
        private final List<String> args = new ArrayList<>();
        private Path agentJar;
        private String agentArgs;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmFlags = new ArrayList<>();
        private Path workingDirectory;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder() {
        }

        /**
         * Runs the child on this JDK's {@code java}.
         *
         * @param jdk the JDK
         * @return this builder
         */
        public Builder jdk(Jdk jdk) {
            return javaExecutable(jdk.javaExecutable());
        }

        /**
         * Runs the child with this {@code java} launcher.
         *
         * @param javaExecutable the path to a {@code java} executable
         * @return this builder
         */
        public Builder javaExecutable(Path javaExecutable) {
            this.javaExecutable = Objects.requireNonNull(javaExecutable);
            return this;
        }

        /**
         * Adds entries to the child's class path, in order.
         *
         * @param entries folders or jar files
         * @return this builder
         */
        public Builder classpath(Path... entries) {
            classpath.addAll(List.of(entries));
            return this;
        }

        /**
         * Adds entries to the child's class path, in order.
         *
         * @param entries folders or jar files
         * @return this builder
         */
        public Builder classpath(List<Path> entries) {
            classpath.addAll(entries);
            return this;
        }

        /**
         * The class whose {@code main} the child runs.
         *
         * @param mainClass a class on the child's class path
         * @return this builder
         */
        public Builder mainClass(Class<?> mainClass) {
            return mainClass(mainClass.getName());
        }

        /**
         * The class whose {@code main} the child runs.
         *
         * @param mainClass the binary name of a class on the child's class path
         * @return this builder
         */
        public Builder mainClass(String mainClass) {
            this.mainClass = Objects.requireNonNull(mainClass);
            this.jar = null;
            return this;
        }

        /**
         * Runs an executable jar ({@code java -jar}) instead of a main class.
         *
         * @param executableJar a jar whose manifest names its main class
         * @return this builder
         */
        public Builder executableJar(Path executableJar) {
            this.jar = executableJar.toString();
            this.mainClass = null;
            return this;
        }

        /**
         * Adds program arguments, passed to {@code main}.
         *
         * @param programArgs the arguments
         * @return this builder
         */
        public Builder args(String... programArgs) {
            args.addAll(List.of(programArgs));
            return this;
        }

        /**
         * Starts the child with {@code -javaagent:<agentJar>=<agentArgs>}.
         *
         * @param agentJar the agent jar
         * @param agentArgs the agent's argument string, or null for none
         * @return this builder
         */
        public Builder javaagent(Path agentJar, String agentArgs) {
            this.agentJar = Objects.requireNonNull(agentJar);
            this.agentArgs = agentArgs;
            return this;
        }

        /**
         * Starts the child with {@code -javaagent:<agentJar>} and no argument string.
         *
         * @param agentJar the agent jar
         * @return this builder
         */
        public Builder javaagent(Path agentJar) {
            return javaagent(agentJar, null);
        }

        /**
         * Starts the child without any {@code -javaagent} (the default).
         *
         * @return this builder
         */
        public Builder noJavaagent() {
            this.agentJar = null;
            this.agentArgs = null;
            return this;
        }

        /**
         * Sets an environment variable of the child. The child inherits the test JVM's environment
         * except {@link ChildJvm#UNINHERITED_ENV}, which it gets only when set here.
         *
         * @param name the variable
         * @param value its value
         * @return this builder
         */
        public Builder env(String name, String value) {
            env.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /**
         * Adds JVM flags, placed before the main class, such as {@code -Xmx256m}.
         *
         * @param flags the flags
         * @return this builder
         */
        public Builder jvmFlags(String... flags) {
            jvmFlags.addAll(List.of(flags));
            return this;
        }

        /**
         * The child's working directory; the test JVM's by default.
         *
         * @param directory an existing folder
         * @return this builder
         */
        public Builder workingDirectory(Path directory) {
            this.workingDirectory = Objects.requireNonNull(directory);
            return this;
        }

        /**
         * How long the child may run, counted from its start, before it is killed.
         *
         * @param limit a positive duration; {@link ChildJvm#DEFAULT_TIMEOUT} by default
         * @return this builder
         */
        public Builder timeout(Duration limit) {
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + limit);
            }
            this.timeout = limit;
            return this;
        }

        /**
         * The command line the child will run.
         *
         * @return the command, the java executable first
         */
        public List<String> commandLine() {
            if (javaExecutable == null) {
                throw new IllegalStateException("no java executable: call jdk(...) or javaExecutable(...)");
            }
            if (mainClass == null && jar == null) {
                throw new IllegalStateException("no main class: call mainClass(...) or executableJar(...)");
            }
            List<String> command = new ArrayList<>();
            command.add(javaExecutable.toString());
            if (agentJar != null) {
                command.add("-javaagent:" + agentJar + (agentArgs == null ? "" : "=" + agentArgs));
            }
            command.addAll(jvmFlags);
            if (!classpath.isEmpty()) {
                command.add("-cp");
                command.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
            }
            if (jar != null) {
                command.add("-jar");
                command.add(jar);
            } else {
                command.add(mainClass);
            }
            command.addAll(args);
            return command;
        }

        /**
         * Starts the child, waits for it to exit (killing it at its timeout), and closes it.
         *
         * @return what it left
         */
        public ChildResult run() {
            try (ChildJvm child = start()) {
                return child.waitFor();
            }
        }

        /**
         * Starts the child.
         *
         * @return the running child; close it (try-with-resources) so that it never outlives the test
         */
        public ChildJvm start() {
            List<String> command = commandLine();
            ProcessBuilder builder = new ProcessBuilder(command);
            UNINHERITED_ENV.forEach(builder.environment()::remove);
            builder.environment().putAll(env);
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            try {
                return new ChildJvm(builder.start(), command, timeout);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
            }
        }
    }
}
