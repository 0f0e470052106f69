package dev.heddle.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks with the real agent jar attached to every forked JVM:
 *
 * <pre>
 * java -jar benchmarks/target/heddle-benchmarks.jar [JMH options]
 * </pre>
 *
 * <p>The agent jar is {@code agent/target/heddle-agent.jar} under the working directory, or the
 * {@code heddle.agent.jar} system property. JMH options given on the command line (such as
 * {@code -f 2 -wi 5 -i 10} or a benchmark regex) override the defaults here.
 */
public final class BenchmarkMain {

    /** The configuration the forked JVMs run with. */
    static final String CONFIG = """
            rules:
              - name: pass-through
                match: { type: dev.heddle.benchmarks.Assistants$PassThrough, method: answer }
              - name: retry-breaker
                match: { type: dev.heddle.benchmarks.Assistants$RetryBreaker, method: answer }
                retry: { maxAttempts: 3, delay: 100ms }
                circuitBreaker: { failureThreshold: 5, openFor: 30s }
              - name: retry-breaker-timeout
                match: { type: dev.heddle.benchmarks.Assistants$RetryBreakerTimeout, method: answer }
                retry: { maxAttempts: 3, delay: 100ms }
                circuitBreaker: { failureThreshold: 5, openFor: 30s }
                timeout: 30s
              - name: stream-cached
                match: { type: dev.heddle.benchmarks.Chats$Cached, method: createStreaming }
                preset: openai-java
                cache: { ttl: 1h, maxEntries: 100000 }
            quotas:
              bench-pages:
                tiers:
                  free: { requests: { rate: 1000000000000/1h, algorithm: token-bucket } }
            http:
              user: [ { header: X-User-Id } ]
              routes:
                - path: /bench/quota/*
                  quota: bench-pages
                - path: /bench/cached/*
                  cache: { ttl: 1h }
            """;

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws IOException, RunnerException, CommandLineOptionException {
        Path agent = Path.of(System.getProperty("heddle.agent.jar", "agent/target/heddle-agent.jar")).toAbsolutePath();
        if (!Files.isRegularFile(agent)) {
            System.err.println("agent jar not found at " + agent + "; build it first: mvn -q package -DskipTests");
            System.exit(2);
        }
        Path config = Files.createTempFile("heddle-benchmarks", ".yaml");
        Files.writeString(config, CONFIG);
        config.toFile().deleteOnExit();
        CommandLineOptions commandLine = new CommandLineOptions(args);
        if (commandLine.shouldList() || commandLine.shouldListWithParams()) {
            // -l and -lp list the benchmarks (and their parameters); they run nothing
            new Runner(commandLine).list();
            return;
        }
        // the local embedding models live in the companion jar the build puts beside the agent jar
        Path companion = agent.resolveSibling("heddle-embeddings.jar");
        ChainedOptionsBuilder options = new OptionsBuilder().parent(commandLine)
                .jvmArgsAppend("-javaagent:" + agent + "=config=" + config.toAbsolutePath(),
                        "-Dheddle.embeddings.jar=" + companion);
        if (!commandLine.getForkCount().hasValue()) options.forks(1);
        if (!commandLine.getWarmupIterations().hasValue()) options.warmupIterations(5);
        if (!commandLine.getWarmupTime().hasValue()) options.warmupTime(TimeValue.seconds(1));
        if (!commandLine.getMeasurementIterations().hasValue()) options.measurementIterations(5);
        if (!commandLine.getMeasurementTime().hasValue()) options.measurementTime(TimeValue.seconds(1));
        new Runner(options.build()).run();
    }
}
