package dev.heddle.calibrate;

import dev.heddle.cache.semantic.FalseHitGuard;
import dev.heddle.cache.semantic.FlatIndex;
import dev.heddle.cache.semantic.HnswIndex;
import dev.heddle.cache.semantic.Neighbor;
import dev.heddle.cache.semantic.VectorIndex;
import dev.heddle.config.EmbedderConfig;
import dev.heddle.embed.Embedder;
import dev.heddle.embed.Embedders;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar heddle-agent.jar calibrate pairs.jsonl --max-false-hits 1%}: runs a semantic
 * cache over labelled question pairs the way a cache meets them, and prints the lowest threshold
 * whose false-hit rate stays within the target, with the recall it gives.
 *
 * <p>Every {@code a} is stored (one entry per distinct text), then every {@code b} is looked up with
 * the same embedder, index (exact unless {@code --index hnsw}) and {@link FalseHitGuard} as the agent's cache: the nearest
 * {@value #CANDIDATES} entries above the threshold are tried in order, and the first the guard
 * accepts answers. Outcomes, per query:
 * <ul>
 *   <li><b>true hit</b>: a duplicate pair answered by its own {@code a};</li>
 *   <li><b>false hit</b>: a pair labelled not duplicate answered by its own {@code a};</li>
 *   <li><b>other hit</b>: answered by another pair's {@code a}, which the labels say nothing about
 *       (reported, and counted against the target with {@code --strict});</li>
 *   <li>miss.</li>
 * </ul>
 * Recall is true hits over duplicate pairs; the false-hit rate is false hits over non-duplicate pairs.
 */
public final class Calibration {

    /** Exit status: the calibration ran. */
    public static final int DONE = 0;
    /** Exit status: the command line or the file is wrong. */
    public static final int USAGE = 2;

    static final int CANDIDATES = 5;
    private static final double LOWEST = 0.80;
    private static final double STEP = 0.005;
    private static final String USAGE_TEXT = """
            usage: java -jar heddle-agent.jar calibrate PAIRS.jsonl [--max-false-hits 1%] [--embedder local[:MODEL]]
                                                       [--no-guard] [--strict] [--limit N] [--index flat|hnsw]
              PAIRS.jsonl       one {"a": "...", "b": "...", "duplicate": true|false} per line
              --max-false-hits  the false-hit rate to stay within, in percent (default 1%)
              --embedder        the local model (default local, all-minilm-l6-v2-q)
              --no-guard        compare by similarity alone
              --strict          count hits on other pairs' entries as false hits too
              --limit N         use the first N pairs only
              --index           flat (exact, default) or hnsw (the approximate index large partitions use)""";

    private Calibration() {
    }

    /** One labelled pair. */
    record Pair(String a, String b, boolean duplicate) {
    }

    /** What a cache would make of one nearest entry, the same at every threshold. */
    private enum Verdict {
        /** The guard turns it down. */
        REFUSED,
        /** The pair's own {@code a}. */
        OWN,
        /** Another pair's entry with the very text of the query: the same question, neither right nor wrong. */
        SAME_QUESTION,
        /** Another pair's entry. */
        OTHER
    }

    /** One of a query's nearest entries above the lowest threshold. */
    private record Candidate(double similarity, Verdict verdict) {
    }

    /** A query's candidates, best first, judged once. */
    private record Query(boolean duplicate, List<Candidate> candidates) {
    }

    /** What the cache did at one threshold. */
    record Outcome(double threshold, int trueHits, int falseHits, int otherHits, int duplicates, int nonDuplicates, int queries) {

        double recall() {
            return duplicates == 0 ? 0 : (double) trueHits / duplicates;
        }

        double falseHitRate(boolean strict) {
            return strict ? (double) (falseHits + otherHits) / queries
                    : nonDuplicates == 0 ? 0 : (double) falseHits / nonDuplicates;
        }
    }

    /**
     * @param args the command line after {@code calibrate}
     * @param out where the table goes
     * @param err where progress and problems go
     * @return {@link #DONE} or {@link #USAGE}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path pairsFile = null;
        double target = 0.01;
        String embedderName = EmbedderConfig.LOCAL;
        boolean guarded = true;
        boolean strict = false;
        int limit = Integer.MAX_VALUE;
        boolean approximate = false;
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--max-false-hits" -> target = percent(value(args, ++i, "--max-false-hits"));
                    case "--embedder" -> embedderName = value(args, ++i, "--embedder");
                    case "--no-guard" -> guarded = false;
                    case "--strict" -> strict = true;
                    case "--limit" -> limit = Integer.parseInt(value(args, ++i, "--limit"));
                    case "--index" -> approximate = switch (value(args, ++i, "--index")) {
                        case "flat" -> false;
                        case "hnsw" -> true;
                        default -> throw new IllegalArgumentException("--index takes flat or hnsw");
                    };
                    case "--help", "-h" -> {
                        out.println(USAGE_TEXT);
                        return DONE;
                    }
                    default -> {
                        if (args[i].startsWith("-") || pairsFile != null) throw new IllegalArgumentException("unexpected '" + args[i] + "'");
                        pairsFile = Path.of(args[i]);
                    }
                }
            }
            if (pairsFile == null) throw new IllegalArgumentException("a pairs file is needed");
        } catch (IllegalArgumentException wrong) {
            err.println("heddle calibrate: " + wrong.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        EmbedderConfig embedderConfig = embedderName.equals(EmbedderConfig.LOCAL) ? EmbedderConfig.local()
                : embedderName.startsWith(EmbedderConfig.LOCAL + ":")
                ? EmbedderConfig.local(embedderName.substring(EmbedderConfig.LOCAL.length() + 1)) : null;
        if (embedderConfig == null) {
            err.println("heddle calibrate: --embedder takes local or local:MODEL, but found '" + embedderName + "'");
            return USAGE;
        }
        List<Pair> pairs;
        try {
            pairs = PairsFile.read(pairsFile, limit);
        } catch (IOException | IllegalArgumentException unreadable) {
            err.println("heddle calibrate: cannot read " + pairsFile + ": " + unreadable.getMessage());
            return USAGE;
        }
        Embedder embedder = Embedders.uncached(embedderConfig);
        calibrate(pairs, embedder, guarded ? new FalseHitGuard() : null, target, strict, approximate, out, err);
        return DONE;
    }

    private static String value(String[] args, int at, String option) {
        if (at >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[at];
    }

    private static double percent(String text) {
        String number = text.endsWith("%") ? text.substring(0, text.length() - 1) : text;
        double value = Double.parseDouble(number) / 100;
        if (!(value >= 0 && value < 1)) throw new IllegalArgumentException("--max-false-hits must be a percentage below 100%");
        return value;
    }

    static void calibrate(List<Pair> pairs, Embedder embedder, FalseHitGuard guard, double target, boolean strict,
            boolean approximate, PrintStream out, PrintStream err) {
        Map<String, Integer> entryOf = new HashMap<>();
        List<String> entries = new ArrayList<>();
        for (Pair pair : pairs) entryOf.computeIfAbsent(normalized(pair.a()), key -> {
            entries.add(pair.a());
            return entries.size() - 1;
        });
        err.printf("embedding %d entries and %d queries with %s%n", entries.size(), pairs.size(), embedder.id());
        long started = System.nanoTime();
        VectorIndex index = null;
        for (int i = 0; i < entries.size(); i++) {
            float[] vector = embedder.embed(entries.get(i));
            if (index == null) index = approximate ? new HnswIndex(vector.length) : new FlatIndex(vector.length);
            index.add(i, vector);
            progress(err, i, entries.size(), "entries");
        }
        List<Query> queries = new ArrayList<>(pairs.size());
        long lookupNanos = 0;
        for (int i = 0; i < pairs.size(); i++) {
            float[] vector = embedder.embed(pairs.get(i).b());
            long before = System.nanoTime();
            List<Neighbor> nearest = index.nearest(vector, CANDIDATES, (float) LOWEST);
            lookupNanos += System.nanoTime() - before;
            queries.add(judged(pairs.get(i), nearest, entries, entryOf, guard));
            progress(err, i, pairs.size(), "queries");
        }
        double embedMillis = (System.nanoTime() - started - lookupNanos) / 1e6 / (entries.size() + pairs.size());
        List<Outcome> outcomes = new ArrayList<>();
        for (double threshold = LOWEST; threshold <= 0.9999; threshold += STEP) {
            outcomes.add(outcome(Math.round(threshold * 1000) / 1000.0, queries));
        }
        Optional<Outcome> chosen = outcomes.stream().filter(outcome -> outcome.falseHitRate(strict) <= target).findFirst();

        out.printf(Locale.ROOT, "%s, %s, %d pairs (%d duplicates), %d entries%n", embedder.id(),
                guard == null ? "no guard" : "guard on", pairs.size(), outcomes.get(0).duplicates(), entries.size());
        out.printf(Locale.ROOT, "embedding %.2f ms a text, %s lookup %.3f ms a query%n", embedMillis,
                approximate ? "hnsw" : "exact",
                lookupNanos / 1e6 / pairs.size());
        out.println("threshold  recall  false hits  other hits");
        for (Outcome outcome : outcomes) {
            if (Math.round(outcome.threshold() * 1000) % 10 != 0 && chosen.filter(outcome::equals).isEmpty()) continue;
            out.printf(Locale.ROOT, "%9.3f  %5.1f%%  %9.2f%%  %9.2f%%%s%n", outcome.threshold(), 100 * outcome.recall(),
                    100 * outcome.falseHitRate(false), 100.0 * outcome.otherHits() / outcome.queries(),
                    chosen.filter(outcome::equals).isPresent() ? "  <- chosen" : "");
        }
        if (chosen.isPresent()) {
            out.printf(Locale.ROOT, "threshold: %.3f  (recall %.1f%% at %.2f%% false hits%s; target %.2f%%)%n",
                    chosen.get().threshold(), 100 * chosen.get().recall(), 100 * chosen.get().falseHitRate(strict),
                    strict ? ", other hits counted" : "", 100 * target);
        } else {
            out.printf(Locale.ROOT, "no threshold up to 0.995 keeps false hits within %.2f%%%n", 100 * target);
        }
    }

    private static Query judged(Pair pair, List<Neighbor> nearest, List<String> entries, Map<String, Integer> entryOf,
            FalseHitGuard guard) {
        int own = entryOf.get(normalized(pair.a()));
        String question = normalized(pair.b());
        List<Candidate> candidates = new ArrayList<>(nearest.size());
        for (Neighbor neighbor : nearest) {
            String entry = entries.get((int) neighbor.id());
            Verdict verdict = guard != null && !guard.agrees(pair.b(), entry) ? Verdict.REFUSED
                    : neighbor.id() == own ? Verdict.OWN
                    : normalized(entry).equals(question) ? Verdict.SAME_QUESTION : Verdict.OTHER;
            candidates.add(new Candidate(neighbor.similarity(), verdict));
        }
        return new Query(pair.duplicate(), candidates);
    }

    private static Outcome outcome(double threshold, List<Query> queries) {
        int trueHits = 0;
        int falseHits = 0;
        int otherHits = 0;
        int duplicates = 0;
        for (Query query : queries) {
            if (query.duplicate()) duplicates++;
            for (Candidate candidate : query.candidates()) {
                if (candidate.similarity() < threshold) break;
                if (candidate.verdict() == Verdict.REFUSED) continue;
                if (candidate.verdict() == Verdict.OWN) {
                    if (query.duplicate()) {
                        trueHits++;
                    } else {
                        falseHits++;
                    }
                } else if (candidate.verdict() == Verdict.OTHER) {
                    otherHits++;
                }
                break;
            }
        }
        return new Outcome(threshold, trueHits, falseHits, otherHits, duplicates, queries.size() - duplicates, queries.size());
    }

    private static String normalized(String text) {
        return String.join(" ", text.toLowerCase(Locale.ROOT).trim().split("\\s+"));
    }

    private static void progress(PrintStream err, int done, int of, String what) {
        if ((done + 1) % 5000 == 0 || done + 1 == of) err.printf("  %d / %d %s%n", done + 1, of, what);
    }
}
