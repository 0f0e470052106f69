package dev.heddle.embed;

/** Vectors of length one: what every {@link Embedder} returns, whatever its provider returned. */
final class UnitVector {

    private UnitVector() {
    }

    /**
     * @param vector a vector, scaled in place
     * @return the same array, now of length one
     * @throws EmbeddingException for an empty vector, a zero vector, or one with a non-finite element,
     *     none of which has a direction to compare
     */
    static float[] normalize(float[] vector) {
        double squares = 0;
        for (float value : vector) squares += (double) value * value;
        if (vector.length == 0 || !(squares > 0) || Double.isInfinite(squares)) {
            throw new EmbeddingException("the embedding has no direction (" + vector.length + " elements, squared length "
                    + squares + ")");
        }
        double scale = 1 / Math.sqrt(squares);
        for (int i = 0; i < vector.length; i++) vector[i] = (float) (vector[i] * scale);
        return vector;
    }
}
