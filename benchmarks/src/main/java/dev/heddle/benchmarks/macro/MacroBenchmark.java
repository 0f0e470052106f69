package dev.heddle.benchmarks.macro;

import dev.heddle.cost.PriceTable;
import dev.heddle.demo.mock.FaultKind;
import dev.heddle.demo.mock.FaultPlan;
import dev.heddle.demo.mock.FaultSchedule;
import dev.heddle.demo.mock.LatencyModel;
import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockSettings;
import dev.heddle.demo.mock.MockStats;
import dev.heddle.demo.workload.PlannedRequest;
import dev.heddle.demo.workload.ReplayLog;
import dev.heddle.demo.workload.ReplayOptions;
import dev.heddle.demo.workload.RunSummary.Window;
import dev.heddle.demo.workload.RunSummary;
import dev.heddle.demo.workload.Upstream;
import dev.heddle.demo.workload.WorkloadReplay;
import dev.heddle.demo.workload.WorkloadSpec;
import dev.heddle.demo.workload.WorkloadSummary;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The macro benchmark: one seeded workload, replayed through the real OpenAI SDK by app JVMs against
 * the mock LLM server (in this JVM, on 127.0.0.1), three ways: (a) without the agent; (b) with the
 * agent, everything in process; (c) with the agent in two app JVMs that share a real
 * {@code redis-server} (skipped, and said so, when there is none). The vendor answers with a
 * lognormal latency and goes through a fault schedule timed inside each run: a 5% background error
 * rate, a 429 storm and a full outage. Writes {@code docs/benchmarks/macro.md} and
 * {@code macro.svg}.
 *
 * <pre>
 * mvn -q package -DskipTests
 * java -cp benchmarks/target/heddle-benchmarks.jar dev.heddle.benchmarks.macro.MacroBenchmark [flags]
 * </pre>
 *
 * Run it from the repository root; {@code --help} lists the flags.
 */
public final class MacroBenchmark {

    /** The run's length when {@code --duration} is not given: with start-up, three runs stay well under 15 minutes. */
    static final Duration DEFAULT_DURATION = Duration.ofSeconds(150);
    /** The Quora pairs file, beside the repository, used when it exists and {@code --qqp} is not given. */
    static final Path DEFAULT_QQP = Path.of("../shared/data/qqp-pairs-dev.jsonl");
    /** The vendor's latency: median 700 ms, a long tail (one in a hundred over ~2.8 s), at most 8 s. */
    static final LatencyModel LATENCY = LatencyModel.lognormal(700, 0.6, 8_000);
    /** The flags of every app JVM, with or without the agent. */
    static final List<String> APP_JVM_FLAGS = List.of("-Xms256m", "-Xmx1g");
    /** How long an app JVM may take to start and warm up. */
    static final Duration READY_LIMIT = Duration.ofMinutes(3);

    private static final String USAGE = String.join("\n",
            "usage: java -cp benchmarks/target/heddle-benchmarks.jar dev.heddle.benchmarks.macro.MacroBenchmark [flags]",
            "  --qqp FILE|none    questions from a Quora pairs file (default " + DEFAULT_QQP + " when it exists)",
            "  --families N       with --qqp: paraphrase families taken from it (default "
                    + ReplayOptions.DEFAULT_QQP_FAMILIES + ")",
            "  --seed N           the workload's seed (default: WorkloadSpec.macro()'s)",
            "  --duration D       each run's length, such as 150s (default " + DEFAULT_DURATION.toSeconds() + "s)",
            "  --requests N       requests per run (default: WorkloadSpec.macro()'s rate over the duration)",
            "  --threads N        worker threads of each app JVM (default " + ReplayOptions.DEFAULT_THREADS + ")",
            "  --runs LETTERS     which runs: any of a, b, c (default abc)",
            "  --report-dir DIR   where macro.md and macro.svg go (default docs/benchmarks)",
            "  --work-dir DIR     where each app JVM's results and log go (default benchmarks/target/macro)",
            "  --agent JAR        the agent jar (default agent/target/heddle-agent.jar)",
            "  --app JAR          the app jar (default demo-app/target/heddle-demo-app.jar)");

    private record Options(Path qqp, int families, Long seed, Duration duration, int requests, int threads, String runs,
            Path reportDir, Path workDir, Path agentJar, Path appJar, List<String> args) {
    }

    /** The fault phases and the schedule that makes them, for a run of a given length. */
    private record Faults(FaultSchedule schedule, List<Window> windows, List<String> description) {
    }

    private MacroBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        if (options == null) return;
        for (Path jar : List.of(options.agentJar(), options.appJar())) {
            if (!Files.isRegularFile(jar)) {
                System.err.println(jar + " not found; build first: mvn -q package -DskipTests");
                System.exit(2);
            }
        }
        Files.createDirectories(options.workDir());
        Files.createDirectories(options.reportDir());
        Instant started = Instant.now();
        ReplayOptions workloadOptions = replayOptions(options, "http://127.0.0.1:0", options.workDir().resolve("unused"), 0, 1);
        List<PlannedRequest> plan = workloadOptions.workload();
        Faults faults = faults(options.duration());
        AgentConfig agentConfig = AgentConfig.sizedFor(plan);
        String configB = agentConfig.yaml(null, 1);
        Path configFileB = options.workDir().resolve("heddle-b.yaml");
        Files.writeString(configFileB, configB);

        List<String> notes = new ArrayList<>();
        notes.add("The fallback of (b) and (c) is a stale cache entry only. A fixed-text answer after it, as an app might"
                + " want, is not possible on the SDK's own method: Heddle cannot yet build a `ChatCompletion` from a text"
                + " (docs/resilience.md, \"Not built yet\"), and a `value` fallback on a method of the app that wraps the"
                + " SDK call would run that method's body through `OriginalMethod`, with Heddle stepped aside, so the SDK"
                + " call inside would lose its cache. So \"answered\" and \"answered by the model or the cache\" are the"
                + " same here.");
        List<RunSummary> runs = new ArrayList<>();
        Upstream.Prices prices = listPrices(PriceTable.defaults());
        if (options.runs().contains("a")) {
            runs.add(run(options, "a", "no agent", null, 1, faults, prices, notes));
        }
        if (options.runs().contains("b")) {
            runs.add(run(options, "b", "agent, in process", configFileB, 1, faults, prices, notes));
        }
        if (options.runs().contains("c")) {
            Optional<String> binary = LocalRedis.findBinary();
            if (binary.isEmpty()) {
                notes.add("(c) was skipped: no redis-server on the PATH and HEDDLE_REDIS_SERVER unset. Install it"
                        + " (Debian/Ubuntu: apt-get install -y redis-server) and run the command again.");
            } else {
                try (LocalRedis redis = LocalRedis.start(binary.get())) {
                    Path configFileC = options.workDir().resolve("heddle-c.yaml");
                    Files.writeString(configFileC, agentConfig.yaml(redis.url(), 2));
                    notes.add("(c) shared redis-server " + redis.version() + " on 127.0.0.1, started by the runner.");
                    runs.add(run(options, "c", "agent ×2 JVMs, shared Redis", configFileC, 2, faults, prices, notes));
                }
            }
        }
        if (runs.isEmpty() || !runs.get(0).id().equals("a") || runs.size() < 2) {
            System.out.println("runs done; the report needs run a and at least one run with the agent, so none was written");
            return;
        }
        long seconds = ChronoUnit.SECONDS.between(started, Instant.now());
        notes.add(0, String.format(Locale.ROOT, "The whole command took %d min %02d s.", seconds / 60, seconds % 60));
        MacroReport.Setup setup = new MacroReport.Setup(started.truncatedTo(ChronoUnit.SECONDS).toString(), command(options),
                machine(), Runtime.getRuntime().availableProcessors(), workload(options, workloadOptions, plan, agentConfig),
                vendor(faults), faults.windows(), agentConfig.yamlForReport(), notes);
        Path markdown = options.reportDir().resolve("macro.md");
        Files.writeString(markdown, MacroReport.markdown(setup, runs), StandardCharsets.UTF_8);
        Files.writeString(options.reportDir().resolve("macro.svg"), MacroChart.svg(runs), StandardCharsets.UTF_8);
        System.out.println("wrote " + markdown + " and macro.svg");
        System.out.print(MacroReport.table(runs));
    }

    /** Runs the workload once: a fresh vendor, the app JVMs, the start signal, their results. */
    private static RunSummary run(Options options, String id, String title, Path config, int jvms, Faults faults,
            Upstream.Prices prices, List<String> notes) throws IOException, InterruptedException {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "run (%s) %s: starting %d app JVM(s)%n", id, title, jvms);
        MockSettings settings = MockSettings.defaults().withLatency(LATENCY).withSeed(seedOf(options)).withThreads(256);
        List<ReplayLog> logs = new ArrayList<>();
        Upstream upstream;
        Map<String, MockStats.PhaseCounts> phases;
        try (MockLlmServer server = MockLlmServer.start(settings)) {
            List<AppJvm> apps = new ArrayList<>();
            List<Path> outs = new ArrayList<>();
            try {
                for (int shard = 0; shard < jvms; shard++) {
                    Path out = options.workDir().resolve("run-" + id + "-" + shard + ".tsv");
                    Files.deleteIfExists(out);
                    outs.add(out);
                    apps.add(AppJvm.start(appCommand(options, server.baseUrl(), out, config, shard, jvms),
                            options.workDir().resolve("run-" + id + "-" + shard + ".log")));
                }
                for (AppJvm app : apps) app.awaitLine(WorkloadReplay.READY, READY_LIMIT);
                server.stats().reset();
                server.schedule(faults.schedule());
                long go = System.currentTimeMillis();
                for (AppJvm app : apps) app.send(WorkloadReplay.GO + " " + go);
                System.out.printf(Locale.ROOT, "run (%s): replaying %s%n", id, options.duration());
                Duration limit = options.duration().plus(Duration.ofSeconds(150));
                for (AppJvm app : apps) app.awaitExit(limit);
            } finally {
                apps.forEach(AppJvm::close);
            }
            for (Path out : outs) logs.add(ReplayLog.read(out));
            MockStats stats = server.stats();
            upstream = new Upstream(stats.requests(MockLlmServer.CHAT_COMPLETIONS), stats.answered(), stats.faulted(),
                    stats.promptTokensByModel(), stats.completionTokensByModel());
            phases = stats.countsByPhase();
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        notes.add(String.format(Locale.ROOT, "(%s) load average %.2f before the run, %.2f after; the vendor counted by phase: %s.",
                id, loadBefore, loadAfter, phases.entrySet().stream().map(phase -> phase.getKey() + " " + phase.getValue().requests()
                        + " requests, " + phase.getValue().faulted() + " faulted").collect(Collectors.joining("; "))));
        RunSummary summary = RunSummary.of(id, title, logs, upstream, prices);
        System.out.printf(Locale.ROOT, "run (%s): %d calls, %d upstream requests, hit rate %s, %s answered%n", id, summary.calls(),
                upstream.requests(), Bar.percent(summary.hitRate()), Bar.precise(summary.succeededShare()));
        return summary;
    }

    /**
     * @param table the agent's price table
     * @return its list prices, for the vendor's tokens
     */
    static Upstream.Prices listPrices(PriceTable table) {
        return (model, prompt, completion) -> table.priceOf(model).map(price -> price.cost(prompt, completion)).orElse(0.0);
    }

    private static List<String> appCommand(Options options, String baseUrl, Path out, Path config, int shard, int shards) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(APP_JVM_FLAGS);
        if (config != null) command.add("-javaagent:" + options.agentJar().toAbsolutePath() + "=config=" + config.toAbsolutePath());
        command.addAll(List.of("-cp", options.appJar().toAbsolutePath().toString(), WorkloadReplay.class.getName()));
        command.addAll(replayOptions(options, baseUrl, out, shard, shards).args());
        return command;
    }

    private static ReplayOptions replayOptions(Options options, String baseUrl, Path out, int shard, int shards) {
        return new ReplayOptions(baseUrl, out.toAbsolutePath(), "macro", options.seed(), options.requests(), options.duration(),
                options.qqp(), options.families(), shard, shards, options.threads(), true);
    }

    private static long seedOf(Options options) {
        return options.seed() != null ? options.seed() : WorkloadSpec.macro().seed();
    }

    /**
     * The fault schedule, timed inside a run: 5% background errors throughout (500, 503 and dropped
     * connections), a 429 storm of 30 s from a quarter of the run (half the requests answered 429,
     * Retry-After 2 s), and a full outage of 20 s (every request 503) from 60% of it; both shorter
     * for runs under 150 s.
     */
    static Faults faults(Duration duration) {
        long millis = duration.toMillis();
        long stormFrom = millis / 4;
        long stormTo = stormFrom + Math.min(30_000, millis / 5);
        long outageFrom = millis * 3 / 5;
        long outageTo = outageFrom + Math.min(20_000, millis * 2 / 15);
        FaultPlan background = FaultPlan.builder().rate(FaultKind.SERVER_ERROR, 0.03).rate(FaultKind.UNAVAILABLE, 0.01)
                .rate(FaultKind.DROP, 0.01).build();
        FaultPlan storm = FaultPlan.builder().rate(FaultKind.RATE_LIMIT, 0.5).rate(FaultKind.SERVER_ERROR, 0.03)
                .rate(FaultKind.UNAVAILABLE, 0.01).rate(FaultKind.DROP, 0.01).retryAfterSeconds(2).build();
        FaultPlan outage = FaultPlan.builder().rate(FaultKind.UNAVAILABLE, 1.0).build();
        FaultSchedule schedule = FaultSchedule.builder().background(background)
                .phase("429-storm", Duration.ofMillis(stormFrom), Duration.ofMillis(stormTo), storm)
                .phase("outage", Duration.ofMillis(outageFrom), Duration.ofMillis(outageTo), outage)
                .build();
        List<Window> windows = List.of(new Window("429-storm", stormFrom, stormTo), new Window("outage", outageFrom, outageTo));
        List<String> description = List.of(
                "latency: lognormal, median 700 ms, σ 0.6 (p90 ≈ 1.5 s, p99 ≈ 2.8 s), at most 8 s; answers only (faults come back at once)",
                "background faults, the whole run: 5% of requests (3% HTTP 500, 1% 503, 1% dropped connections)",
                String.format(Locale.ROOT, "429 storm from %.0f s to %.0f s: half the requests answered 429 with Retry-After: 2,"
                        + " plus the background faults", stormFrom / 1000.0, stormTo / 1000.0),
                String.format(Locale.ROOT, "full outage from %.0f s to %.0f s: every request answered 503", outageFrom / 1000.0,
                        outageTo / 1000.0),
                "the phases are timed from the start signal, which every app JVM gets at once after its warm-up call");
        return new Faults(schedule, windows, description);
    }

    private static List<String> workload(Options options, ReplayOptions replay, List<PlannedRequest> plan, AgentConfig quota) {
        WorkloadSpec spec = replay.spec();
        List<String> lines = new ArrayList<>();
        WorkloadSpec macro = WorkloadSpec.macro();
        lines.add(String.format(Locale.ROOT, "`WorkloadSpec.macro()` (%d users, repeat share %.2f, paraphrase share %.2f, seed %d)"
                        + " with %d requests over %d s (%.1f a second), so that three runs fit in 15 minutes; the spec itself has"
                        + " %d over %d s", spec.users(), spec.repeatShare(), spec.paraphraseShare(), spec.seed(), spec.requests(),
                spec.duration().toSeconds(), spec.requests() / (double) spec.duration().toSeconds(), macro.requests(),
                macro.duration().toSeconds()));
        lines.add(options.qqp() == null
                ? "questions: the bundled pool (no Quora pairs file at `" + DEFAULT_QQP + "`, or `--qqp none`)"
                : "questions: " + options.families() + " paraphrase families drawn from the duplicate pairs of `" + options.qqp()
                        + "` (two wordings each), unique questions from its other questions");
        lines.add("what came out (`WorkloadSummary`):\n\n  ```text\n  "
                + WorkloadSummary.of(plan).toString().replace(System.lineSeparator(), "\n  ") + "\n  ```\n");
        Set<String> seen = new LinkedHashSet<>();
        long repeatsOfEarlier = plan.stream().filter(request -> !seen.add(request.model() + "\n" + request.systemPrompt() + "\n"
                + request.question())).count();
        lines.add(String.format(Locale.ROOT, "%d of the requests (%.1f%%) repeat an earlier request word for word: the most an"
                + " exact cache can answer; the paraphrases need the semantic cache", repeatsOfEarlier,
                100.0 * repeatsOfEarlier / plan.size()));
        lines.add("quota (runs b and c), sized from the plan so that only the busiest free users are refused: "
                + quota.tierLimits().entrySet().stream().map(tier -> tier.getKey() + " " + tier.getValue() + " requests a minute")
                        .collect(Collectors.joining(", ")) + "; cache hits are not counted");
        lines.add("each app JVM: " + options.threads() + " worker threads, each request started at its planned time (never"
                + " earlier), the openai-java client with `maxRetries(0)` in every run (so retries are Heddle's where the agent"
                + " is attached, and there are none without it: the no-agent run does not get the SDK's default 2 retries),"
                + " a 15 s timeout per call, `" + String.join(" ", APP_JVM_FLAGS) + "`");
        return lines;
    }

    private static List<String> vendor(Faults faults) {
        return faults.description();
    }

    private static List<String> machine() {
        List<String> machine = new ArrayList<>();
        machine.add(Runtime.getRuntime().availableProcessors() + " cores" + cpuModel().map(model -> " (" + model + ")").orElse(""));
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            machine.add(String.format(Locale.ROOT, "%.0f GiB memory", os.getTotalMemorySize() / (1024.0 * 1024 * 1024)));
        }
        machine.add(System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vendor") + ")");
        machine.add(System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return machine;
    }

    private static Optional<String> cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException | RuntimeException none) {
            return Optional.empty();
        }
    }

    private static String command(Options options) {
        return "mvn -q package -DskipTests\njava -cp benchmarks/target/heddle-benchmarks.jar " + MacroBenchmark.class.getName()
                + (options.args().isEmpty() ? "" : " " + String.join(" ", options.args()));
    }

    private static Options parse(String[] args) {
        Path qqp = Files.isRegularFile(DEFAULT_QQP) ? DEFAULT_QQP : null;
        int families = ReplayOptions.DEFAULT_QQP_FAMILIES;
        Long seed = null;
        Duration duration = DEFAULT_DURATION;
        Integer requests = null;
        int threads = ReplayOptions.DEFAULT_THREADS;
        String runs = "abc";
        Path reportDir = Path.of("docs/benchmarks");
        Path workDir = Path.of("benchmarks/target/macro");
        Path agent = Path.of("agent/target/heddle-agent.jar");
        Path app = Path.of("demo-app/target/heddle-demo-app.jar");
        try {
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--help") || flag.equals("-h")) {
                    System.out.println(USAGE);
                    return null;
                }
                if (i + 1 >= args.length) throw new IllegalArgumentException("missing value for " + flag);
                String value = args[++i];
                switch (flag) {
                    case "--qqp" -> qqp = value.equals("none") ? null : Path.of(value);
                    case "--families" -> families = Integer.parseInt(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--duration" -> duration = Duration.ofMillis(durationMillis(value));
                    case "--requests" -> requests = Integer.parseInt(value);
                    case "--threads" -> threads = Integer.parseInt(value);
                    case "--runs" -> runs = value;
                    case "--report-dir" -> reportDir = Path.of(value);
                    case "--work-dir" -> workDir = Path.of(value);
                    case "--agent" -> agent = Path.of(value);
                    case "--app" -> app = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown flag " + flag);
                }
            }
            if (!runs.matches("[abc]+")) throw new IllegalArgumentException("--runs takes letters a, b and c, got " + runs);
            if (qqp != null && !Files.isRegularFile(qqp)) throw new IllegalArgumentException("--qqp: no file " + qqp);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return null;
        }
        WorkloadSpec macro = WorkloadSpec.macro();
        int perRun = requests != null ? requests
                : (int) Math.round((double) macro.requests() * duration.toMillis() / macro.duration().toMillis());
        return new Options(qqp, families, seed, duration, perRun, threads, runs, reportDir, workDir, agent, app, List.of(args));
    }

    private static long durationMillis(String value) {
        String text = value.trim();
        if (text.endsWith("ms")) return Long.parseLong(text.substring(0, text.length() - 2));
        if (text.endsWith("s")) return Long.parseLong(text.substring(0, text.length() - 1)) * 1000;
        if (text.endsWith("m")) return Long.parseLong(text.substring(0, text.length() - 1)) * 60_000;
        return Long.parseLong(text) * 1000;
    }
}
