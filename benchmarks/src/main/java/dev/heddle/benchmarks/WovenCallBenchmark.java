package dev.heddle.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost Heddle adds to a woven method, measured in JVMs that run the real agent jar
 * ({@link BenchmarkMain} attaches it), beside a plain Caffeine cache doing the same work by hand.
 *
 * <ul>
 *   <li>{@code unwoven}: the method as the app wrote it.</li>
 *   <li>{@code wovenPassThrough}: woven, but its rule has no policy: advice, argument array,
 *       registry look-up.</li>
 *   <li>{@code wovenCacheHit}: {@code @Cached}, same prompt every time: key building and a Caffeine hit.</li>
 *   <li>{@code wovenCacheMiss}: {@code @Cached}, a prompt never seen before every time: key building,
 *       a Caffeine miss, the method, a Caffeine put. Compare with {@code unwovenNewPrompt}, which
 *       builds the same new prompt and calls the unwoven method.</li>
 *   <li>{@code caffeineHit} and {@code caffeineMissThenPut}: a hand-written Caffeine cache keyed by
 *       the prompt, the anchor for the two woven cache benchmarks.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WovenCallBenchmark {

    private static final String HIT_PROMPT = "What is a heddle, and how does it lift the warp threads?";

    private final Assistants.Unwoven unwoven = new Assistants.Unwoven();
    private final Assistants.PassThrough passThrough = new Assistants.PassThrough();
    private final Assistants.Cached cached = new Assistants.Cached();
    private final Cache<String, String> caffeine = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(1, TimeUnit.HOURS).build();
    private long next;

    @Setup(Level.Trial)
    public void setUp() {
        cached.answer(HIT_PROMPT);
        caffeine.put(HIT_PROMPT, unwoven.answer(HIT_PROMPT));
    }

    private String nextPrompt() {
        return "Question " + next++ + ": what is a heddle, and how does it lift the warp threads?";
    }

    @Benchmark
    public String unwoven() {
        return unwoven.answer(HIT_PROMPT);
    }

    @Benchmark
    public String unwovenNewPrompt() {
        return unwoven.answer(nextPrompt());
    }

    @Benchmark
    public String wovenPassThrough() {
        return passThrough.answer(HIT_PROMPT);
    }

    @Benchmark
    public String wovenCacheHit() {
        return cached.answer(HIT_PROMPT);
    }

    @Benchmark
    public String wovenCacheMiss() {
        return cached.answer(nextPrompt());
    }

    @Benchmark
    public String caffeineHit() {
        return caffeine.getIfPresent(HIT_PROMPT);
    }

    @Benchmark
    public String caffeineMissThenPut() {
        String prompt = nextPrompt();
        String answer = caffeine.getIfPresent(prompt);
        if (answer == null) {
            answer = unwoven.answer(prompt);
            caffeine.put(prompt, answer);
        }
        return answer;
    }
}
