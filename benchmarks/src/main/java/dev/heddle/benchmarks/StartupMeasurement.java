package dev.heddle.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures what attaching the agent adds to a JVM's start-up: the wall time of a hello-world app,
 * from process start to exit, without the agent, with the agent and no configuration, and with the
 * agent and a configuration of three rules; and the worst case, an app whose first class has a
 * {@code @Cached} method and so waits until Heddle's weaver is ready. The variants run interleaved,
 * so that a slow moment of the machine hits them all alike.
 *
 * <pre>
 * java -cp benchmarks/target/heddle-benchmarks.jar dev.heddle.benchmarks.StartupMeasurement [runs]
 * </pre>
 */
public final class StartupMeasurement {

    private static final String RULES = """
            rules:
              - name: support-bot
                match: { type: com.example.SupportBot, method: answer }
                cache: { ttl: 1h }
              - name: chat-models
                match: { type: com.example.ChatModel, method: chat }
                cache: { ttl: 10m, maxEntries: 1000 }
              - name: summaries
                match: { type: com.example.Summarizer, method: summarize }
                cache: true
            """;

    private StartupMeasurement() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path agent = Path.of(System.getProperty("heddle.agent.jar", "agent/target/heddle-agent.jar")).toAbsolutePath();
        Path config = Files.createTempFile("heddle-startup", ".yaml");
        Files.writeString(config, RULES);
        config.toFile().deleteOnExit();
        String classpath = System.getProperty("java.class.path");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("no agent", List.of(java, "-cp", classpath, HelloWorld.class.getName()));
        variants.put("agent, no config", List.of(java, "-javaagent:" + agent, "-cp", classpath, HelloWorld.class.getName()));
        variants.put("agent, 3 rules", List.of(java, "-javaagent:" + agent + "=config=" + config, "-cp", classpath,
                HelloWorld.class.getName()));
        variants.put("@Cached, no agent", List.of(java, "-cp", classpath, CachedHelloWorld.class.getName()));
        variants.put("@Cached, agent", List.of(java, "-javaagent:" + agent, "-cp", classpath,
                CachedHelloWorld.class.getName()));

        Map<String, long[]> millis = new LinkedHashMap<>();
        variants.keySet().forEach(name -> millis.put(name, new long[runs]));
        for (String name : variants.keySet()) run(variants.get(name));
        for (int i = 0; i < runs; i++) {
            for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
                millis.get(variant.getKey())[i] = run(variant.getValue());
            }
        }
        System.out.printf("java %s, %d runs each, wall time from process start to exit%n",
                System.getProperty("java.version"), runs);
        for (Map.Entry<String, long[]> result : millis.entrySet()) {
            long baseline = median(millis.get(result.getKey().startsWith("@Cached") ? "@Cached, no agent" : "no agent"));
            long median = median(result.getValue());
            System.out.printf("  %-18s median %4d ms   min %4d ms   added (median) %+4d ms%n", result.getKey(), median,
                    Arrays.stream(result.getValue()).min().orElseThrow(), median - baseline);
        }
    }

    private static long run(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        int exit = process.waitFor();
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        if (exit != 0 || !new String(output).contains("hello, world")) {
            throw new IllegalStateException("run failed (" + exit + "): " + String.join(" ", command) + "\n" + new String(output));
        }
        return elapsed;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
