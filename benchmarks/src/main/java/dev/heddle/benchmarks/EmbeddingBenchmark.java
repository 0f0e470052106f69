package dev.heddle.benchmarks;

import dev.heddle.cache.semantic.FalseHitGuard;
import dev.heddle.embed.Embedder;
import dev.heddle.embed.LocalEmbedder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a semantic lookup costs besides the index: embedding the question with a shipped local model
 * (one thread, as the agent runs it; the embedding cache is bypassed), and the false-hit guard on a
 * candidate. The questions are Quora-style, 8 to 20 words, taken in turn.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
public class EmbeddingBenchmark {

    private static final String[] QUESTIONS = {
        "How do I learn Python quickly?",
        "What is the fastest way to learn Python as a complete beginner with no programming background?",
        "How do I convert 10 miles to km?",
        "Why do Russians dislike Poles?",
        "What are the pros and cons of eating tofu over bean curd?",
        "Which public sector company pays the highest salary in India?",
        "How should Californians vote on 2016's Proposition 55?",
        "What is a good inpatient drug and alcohol rehab center in Washington County AL?",
    };

    @Param({"all-minilm-l6-v2-q", "bge-small-en-v1.5-q"})
    public String model;

    private Embedder embedder;
    private final FalseHitGuard guard = new FalseHitGuard();
    private int next;

    @Setup
    public void load() {
        embedder = new LocalEmbedder(model);
        embedder.embed("warm up the model");
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public float[] embedOneQuestion() {
        return embedder.embed(QUESTIONS[next++ & (QUESTIONS.length - 1)]);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public boolean guardOneCandidate() {
        int i = next++ & (QUESTIONS.length - 1);
        return guard.agrees(QUESTIONS[i], QUESTIONS[(i + 1) & (QUESTIONS.length - 1)]);
    }
}
