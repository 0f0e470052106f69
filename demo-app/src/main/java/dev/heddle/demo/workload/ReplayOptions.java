package dev.heddle.demo.workload;

import dev.heddle.demo.cli.CommandLine;
import dev.heddle.demo.cli.CommandLine.Flag;
import dev.heddle.demo.cli.CommandLine.UsageException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The command line of {@link WorkloadReplay}: which workload (a spec, its overrides, the question
 * pool), which share of its users this JVM replays, against which server, and where the results go.
 * The macro benchmark builds one per app JVM and passes {@link #args()}.
 *
 * @param baseUrl the vendor's base URL, such as {@code http://127.0.0.1:8089} ({@code /v1} is added)
 * @param out the file the results go to ({@link ReplayLog})
 * @param specName {@code macro} or {@code demo}: which {@link WorkloadSpec} the overrides apply to
 * @param seed the workload's seed instead of the spec's; null for the spec's
 * @param requests the number of requests instead of the spec's; null for the spec's
 * @param duration the length of the workload instead of the spec's; null for the spec's
 * @param qqp a Quora question pairs file to draw the questions from, null for the bundled pool
 * @param families with {@code qqp}: how many paraphrase families to take from it
 * @param shard which share of the users this JVM replays, from 0
 * @param shards in how many shares the users are split: a user is in share
 *     {@code floorMod(user.hashCode(), shards)}
 * @param threads the worker threads that make the calls
 * @param awaitGo whether to print {@value WorkloadReplay#READY} and wait for a {@code go <epoch millis>}
 *     line on standard input before starting; without it the replay starts at once
 */
public record ReplayOptions(String baseUrl, Path out, String specName, Long seed, Integer requests, Duration duration,
        Path qqp, int families, int shard, int shards, int threads, boolean awaitGo) {

    /** Paraphrase families taken from a {@code qqp} file when {@code --families} is not given. */
    public static final int DEFAULT_QQP_FAMILIES = 400;
    /** Worker threads when {@code --threads} is not given. */
    public static final int DEFAULT_THREADS = 64;

    /** The usage text. */
    public static final String USAGE = String.join("\n",
            "usage: java [-javaagent:heddle-agent.jar=config=heddle.yaml] -cp demo-app/target/heddle-demo-app.jar \\",
            "            dev.heddle.demo.workload.WorkloadReplay --base-url URL --out FILE [flags]",
            "  --base-url URL     the vendor (the mock LLM server), such as http://127.0.0.1:8089",
            "  --out FILE         where the result lines go",
            "  --spec NAME        macro (default) or demo",
            "  --seed N           the workload's seed (default: the spec's)",
            "  --requests N       the number of requests (default: the spec's)",
            "  --duration D       the workload's length, such as 150s or 3m (default: the spec's)",
            "  --qqp FILE         draw questions from a Quora question pairs file (default: the bundled pool)",
            "  --families N       with --qqp: paraphrase families to take (default " + DEFAULT_QQP_FAMILIES + ")",
            "  --shard K/N        replay only the users in share K of N (default 0/1: all)",
            "  --threads N        worker threads (default " + DEFAULT_THREADS + ")",
            "  --await-go         print 'ready' and wait for 'go <epoch millis>' on standard input",
            "  --help             this text");

    private static final Set<String> FLAGS = Set.of("--base-url", "--out", "--spec", "--seed", "--requests", "--duration",
            "--qqp", "--families", "--shard", "--threads");

    /** Checks the values. */
    public ReplayOptions {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(out, "out");
        if (!specName.equals("macro") && !specName.equals("demo")) {
            throw new IllegalArgumentException("spec must be macro or demo, got " + specName);
        }
        if (requests != null && requests < 1) throw new IllegalArgumentException("requests must be 1 or more, got " + requests);
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
        if (families < 1) throw new IllegalArgumentException("families must be 1 or more, got " + families);
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard must be K/N with 0 <= K < N, got " + shard + "/" + shards);
        }
        if (threads < 1) throw new IllegalArgumentException("threads must be 1 or more, got " + threads);
    }

    /**
     * Reads the flags, {@code --flag value} or {@code --flag=value}.
     *
     * @param args the command line
     * @return the options, or {@code null} for {@code --help}
     * @throws UsageException if a flag is unknown, lacks its value, or has a bad one, or a required one is missing
     */
    public static ReplayOptions parse(String... args) throws UsageException {
        String baseUrl = null;
        Path out = null;
        String spec = "macro";
        Long seed = null;
        Integer requests = null;
        Duration duration = null;
        Path qqp = null;
        int families = DEFAULT_QQP_FAMILIES;
        int shard = 0;
        int shards = 1;
        int threads = DEFAULT_THREADS;
        boolean awaitGo = false;
        List<Flag> flags = CommandLine.read(args, FLAGS);
        if (flags == null) return null;
        for (Flag given : flags) {
            String flag = given.name();
            String value = given.value();
            if (flag.equals("--await-go")) {
                awaitGo = true;
                continue;
            }
            switch (flag) {
                case "--base-url" -> baseUrl = value;
                case "--out" -> out = Path.of(value);
                case "--spec" -> {
                    if (!value.equals("macro") && !value.equals("demo")) throw new UsageException("--spec is macro or demo, got " + value);
                    spec = value;
                }
                case "--seed" -> seed = CommandLine.whole(flag, value, Long.MIN_VALUE, Long.MAX_VALUE);
                case "--requests" -> requests = (int) CommandLine.whole(flag, value, 1, 10_000_000);
                case "--duration" -> duration = CommandLine.duration(flag, value);
                case "--qqp" -> qqp = Path.of(value);
                case "--families" -> families = (int) CommandLine.whole(flag, value, 1, 1_000_000);
                case "--shard" -> {
                    String[] parts = value.split("/");
                    if (parts.length != 2) throw new UsageException("--shard needs K/N, such as 0/2, got '" + value + "'");
                    shards = (int) CommandLine.whole(flag, parts[1], 1, 1000);
                    shard = (int) CommandLine.whole(flag, parts[0], 0, shards - 1);
                }
                case "--threads" -> threads = (int) CommandLine.whole(flag, value, 1, 1024);
                default -> throw new UsageException("unknown flag " + flag);
            }
        }
        if (baseUrl == null) throw new UsageException("--base-url is required");
        if (out == null) throw new UsageException("--out is required");
        return new ReplayOptions(baseUrl, out, spec, seed, requests, duration, qqp, families, shard, shards, threads, awaitGo);
    }

    /** @return the command line that {@link #parse} reads back as these options */
    public List<String> args() {
        List<String> args = new ArrayList<>(List.of("--base-url", baseUrl, "--out", out.toString(), "--spec", specName));
        if (seed != null) args.addAll(List.of("--seed", seed.toString()));
        if (requests != null) args.addAll(List.of("--requests", requests.toString()));
        if (duration != null) args.addAll(List.of("--duration", duration.toMillis() + "ms"));
        if (qqp != null) args.addAll(List.of("--qqp", qqp.toString(), "--families", Integer.toString(families)));
        args.addAll(List.of("--shard", shard + "/" + shards, "--threads", Integer.toString(threads)));
        if (awaitGo) args.add("--await-go");
        return args;
    }

    /** @return the spec with the overrides applied */
    public WorkloadSpec spec() {
        WorkloadSpec base = specName.equals("demo") ? WorkloadSpec.demo() : WorkloadSpec.macro();
        return new WorkloadSpec(seed != null ? seed : base.seed(), base.users(), requests != null ? requests : base.requests(),
                duration != null ? duration : base.duration(), base.repeatShare(), base.paraphraseShare());
    }

    /**
     * @return the question pool: from {@link #qqp()} when given, else the bundled one
     * @throws IOException when the qqp file cannot be read
     */
    public QuestionPool pool() throws IOException {
        return qqp == null ? QuestionPool.bundled() : QuestionPool.fromQqp(qqp, families, spec().seed());
    }

    /**
     * @return every request of the workload, of all users
     * @throws IOException when the qqp file cannot be read
     */
    public List<PlannedRequest> workload() throws IOException {
        return WorkloadGenerator.generate(spec(), pool());
    }

    /**
     * @param request a request of the workload
     * @return whether this JVM replays it: its user is in this JVM's share
     */
    public boolean isMine(PlannedRequest request) {
        return Math.floorMod(request.user().hashCode(), shards) == shard;
    }
}
