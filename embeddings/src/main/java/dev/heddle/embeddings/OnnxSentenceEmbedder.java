package dev.heddle.embeddings;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A quantized sentence-embedding model run in process by ONNX Runtime, with nothing downloaded:
 * the model and its vocabulary are resources of this jar.
 *
 * <p>The agent loads this class in a class loader of its own and calls it by reflection, through
 * JDK types only ({@code String}, {@code float[]}, {@code List}), so no Heddle type and no app type
 * crosses between the two. Instances are safe for concurrent use (ONNX Runtime sessions are).
 */
public final class OnnxSentenceEmbedder implements AutoCloseable {

    /** The model used when none is named. */
    public static final String DEFAULT_MODEL = "all-minilm-l6-v2-q";

    private final EmbeddingModel model;
    private final WordPieceTokenizer tokenizer;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final Set<String> inputs;

    /** Loads the default model. */
    public OnnxSentenceEmbedder() {
        this(DEFAULT_MODEL, 1);
    }

    /**
     * @param modelName {@code all-minilm-l6-v2-q} or {@code bge-small-en-v1.5-q}
     * @param threads the CPU threads one embedding may use
     * @throws IllegalArgumentException when the model is not in this jar
     * @throws IllegalStateException when ONNX Runtime cannot load it
     */
    public OnnxSentenceEmbedder(String modelName, int threads) {
        this.model = EmbeddingModel.named(modelName);
        try (InputStream vocabulary = resource(model.tokenizerResource());
                InputStream weights = resource(model.modelResource())) {
            this.tokenizer = WordPieceTokenizer.read(vocabulary, model.maxTokens());
            this.environment = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(Math.max(1, threads));
            options.setInterOpNumThreads(1);
            this.session = environment.createSession(weights.readAllBytes(), options);
            this.inputs = session.getInputNames();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model " + modelName, e);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the model " + modelName + ": " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = OnnxSentenceEmbedder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) throw new IOException(name + " is missing from heddle-embeddings.jar");
        return in;
    }

    /** @return the model and its version, such as {@code all-minilm-l6-v2-q@1}; part of every semantic cache key */
    public String id() {
        return model.id();
    }

    /** @return the length of every vector */
    public int dimensions() {
        return model.dimensions();
    }

    /**
     * @param text any text; long texts are cut to the model's token limit
     * @return its embedding, of length one
     */
    public float[] embed(String text) {
        return embedAll(List.of(text))[0];
    }

    /**
     * @param texts texts embedded in one batch
     * @return one embedding of length one per text, in order
     */
    public float[][] embedAll(List<String> texts) {
        long[][] ids = new long[texts.size()][];
        int longest = 1;
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokenizer.encode(texts.get(i));
            longest = Math.max(longest, ids[i].length);
        }
        long[][] inputIds = new long[ids.length][longest];
        long[][] mask = new long[ids.length][longest];
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(ids[i], 0, inputIds[i], 0, ids[i].length);
            for (int j = 0; j < ids[i].length; j++) mask[i][j] = 1;
        }
        try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, inputIds);
                OnnxTensor maskTensor = OnnxTensor.createTensor(environment, mask);
                OnnxTensor typeTensor = OnnxTensor.createTensor(environment, new long[ids.length][longest])) {
            Map<String, OnnxTensor> feed = new HashMap<>();
            feed.put("input_ids", idTensor);
            if (inputs.contains("attention_mask")) feed.put("attention_mask", maskTensor);
            if (inputs.contains("token_type_ids")) feed.put("token_type_ids", typeTensor);
            try (OrtSession.Result result = session.run(feed)) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                float[][] vectors = new float[ids.length][];
                for (int i = 0; i < ids.length; i++) vectors[i] = model.pooling().pool(hidden[i], ids[i].length);
                return vectors;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to embed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
