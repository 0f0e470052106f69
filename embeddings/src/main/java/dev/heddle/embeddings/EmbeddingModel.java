package dev.heddle.embeddings;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The models this jar carries, with how each turns token vectors into one sentence vector. */
enum EmbeddingModel {
    /** sentence-transformers/all-MiniLM-L6-v2, int8-quantized: 6 layers, mean pooling, 128 tokens. */
    ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json",
            384, 128, Pooling.MEAN),
    /** BAAI/bge-small-en-v1.5, int8-quantized: 12 layers, [CLS] pooling, 512 tokens. */
    BGE_SMALL_EN_V15_Q("bge-small-en-v1.5-q", "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json",
            384, 512, Pooling.CLS);

    /** Bumped whenever the bytes of the model or of its tokenizer change, so old vectors are never compared. */
    private static final int VERSION = 1;

    private final String modelName;
    private final String modelResource;
    private final String tokenizerResource;
    private final int dimensions;
    private final int maxTokens;
    private final Pooling pooling;

    EmbeddingModel(String modelName, String modelResource, String tokenizerResource, int dimensions, int maxTokens,
            Pooling pooling) {
        this.modelName = modelName;
        this.modelResource = modelResource;
        this.tokenizerResource = tokenizerResource;
        this.dimensions = dimensions;
        this.maxTokens = maxTokens;
        this.pooling = pooling;
    }

    static EmbeddingModel named(String name) {
        for (EmbeddingModel model : values()) {
            if (model.modelName.equals(name)) return model;
        }
        throw new IllegalArgumentException("no embedding model " + name + " in heddle-embeddings.jar; there are "
                + Arrays.stream(values()).map(model -> model.modelName).collect(Collectors.joining(", ")));
    }

    String id() {
        return modelName + "@" + VERSION;
    }

    String modelResource() {
        return modelResource;
    }

    String tokenizerResource() {
        return tokenizerResource;
    }

    int dimensions() {
        return dimensions;
    }

    int maxTokens() {
        return maxTokens;
    }

    Pooling pooling() {
        return pooling;
    }

    /** How the model's per-token output becomes one vector of length one. */
    enum Pooling {
        /** The average of the real (unpadded) tokens' vectors. */
        MEAN {
            @Override
            float[] pool(float[][] tokens, int length) {
                float[] sum = new float[tokens[0].length];
                for (int t = 0; t < length; t++) {
                    for (int d = 0; d < sum.length; d++) sum[d] += tokens[t][d];
                }
                return unit(sum);
            }
        },
        /** The first token's ({@code [CLS]}) vector. */
        CLS {
            @Override
            float[] pool(float[][] tokens, int length) {
                return unit(tokens[0].clone());
            }
        };

        abstract float[] pool(float[][] tokens, int length);

        private static float[] unit(float[] vector) {
            double norm = 0;
            for (float value : vector) norm += value * value;
            float scale = (float) (1 / Math.sqrt(Math.max(norm, 1e-12)));
            for (int d = 0; d < vector.length; d++) vector[d] *= scale;
            return vector;
        }
    }
}
