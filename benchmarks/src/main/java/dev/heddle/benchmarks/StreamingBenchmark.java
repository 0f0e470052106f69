package dev.heddle.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.openai.core.ObjectMappers;
import com.openai.core.RequestOptions;
import com.openai.core.http.StreamResponse;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What Heddle adds to a streamed call, per whole stream of {@value Chats#CHUNKS} real openai-java
 * chunks read to the end, in JVMs that run the real agent jar; the stream comes from memory, so
 * only the SDK objects' and Heddle's own work is measured (a vendor's stream takes seconds).
 *
 * <ul>
 *   <li>{@code plainStream} / {@code plainStreamNewRequest}: the unwoven method, with one request
 *       built once / a new request built per call (the miss builds one too).</li>
 *   <li>{@code wovenMiss}: a request never seen: key, tee of every chunk, and at the end the
 *       recording checked (whole? usage?), stored and counted.</li>
 *   <li>{@code wovenHit}: the same request every time: key, lookup, replay of the recording.</li>
 *   <li>{@code caffeineReplay}: the peer, by hand: a Caffeine cache of chunk lists keyed by the
 *       question, replayed as a stream; {@code caffeineReplayKeyedByRequest}: the same, keyed as
 *       Heddle keys, by the request body as the SDK writes it.</li>
 *   <li>{@code wovenFirstChunk} / {@code plainFirstChunk}: a miss read only to its first chunk,
 *       then closed: what the caller waits before its first chunk.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StreamingBenchmark {

    private static final String QUESTION = "What is a heddle, and how does it lift the warp threads?";

    private final Chats.Plain plain = new Chats.Plain();
    private final Chats.Cached cached = new Chats.Cached();
    private final Cache<String, List<ChatCompletionChunk>> caffeine = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterWrite(1, TimeUnit.HOURS).build();
    private ChatCompletionCreateParams hit;
    private long next;

    @Setup(Level.Trial)
    public void setUp() {
        hit = request(QUESTION);
        // the first call records the answer, so that wovenHit replays it
        try (StreamResponse<ChatCompletionChunk> stream = cached.createStreaming(hit, RequestOptions.none())) {
            stream.stream().forEach(chunk -> { });
        }
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = plain.createStreaming(hit, RequestOptions.none())) {
            stream.stream().forEach(chunks::add);
        }
        caffeine.put(QUESTION, List.copyOf(chunks));
        try {
            caffeine.put(ObjectMappers.jsonMapper().writeValueAsString(hit._body()), List.copyOf(chunks));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ChatCompletionCreateParams request(String question) {
        return ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI).addUserMessage(question).build();
    }

    private ChatCompletionCreateParams newRequest() {
        return request("Question " + next++ + ": " + QUESTION);
    }

    private static void read(StreamResponse<ChatCompletionChunk> response, Blackhole sink) {
        try (response) {
            Iterator<ChatCompletionChunk> chunks = response.stream().iterator();
            while (chunks.hasNext()) sink.consume(chunks.next());
        }
    }

    private static void first(StreamResponse<ChatCompletionChunk> response, Blackhole sink) {
        try (response) {
            sink.consume(response.stream().iterator().next());
        }
    }

    @Benchmark
    public void plainStream(Blackhole sink) {
        read(plain.createStreaming(hit, RequestOptions.none()), sink);
    }

    @Benchmark
    public void plainStreamNewRequest(Blackhole sink) {
        read(plain.createStreaming(newRequest(), RequestOptions.none()), sink);
    }

    @Benchmark
    public void wovenMiss(Blackhole sink) {
        read(cached.createStreaming(newRequest(), RequestOptions.none()), sink);
    }

    @Benchmark
    public void wovenHit(Blackhole sink) {
        read(cached.createStreaming(hit, RequestOptions.none()), sink);
    }

    @Benchmark
    public void caffeineReplay(Blackhole sink) {
        List<ChatCompletionChunk> chunks = caffeine.getIfPresent(QUESTION);
        chunks.stream().forEach(sink::consume);
    }

    /** The peer keyed as Heddle keys: by the request body as the SDK writes it. */
    @Benchmark
    public void caffeineReplayKeyedByRequest(Blackhole sink) throws Exception {
        List<ChatCompletionChunk> chunks = caffeine.getIfPresent(ObjectMappers.jsonMapper().writeValueAsString(hit._body()));
        chunks.stream().forEach(sink::consume);
    }

    @Benchmark
    public void plainFirstChunk(Blackhole sink) {
        first(plain.createStreaming(newRequest(), RequestOptions.none()), sink);
    }

    @Benchmark
    public void wovenFirstChunk(Blackhole sink) {
        first(cached.createStreaming(newRequest(), RequestOptions.none()), sink);
    }
}
