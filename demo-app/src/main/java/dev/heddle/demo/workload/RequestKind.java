package dev.heddle.demo.workload;

/**
 * What a planned request is to the requests before it, and so what a cache should do with it.
 */
public enum RequestKind {

    /** The exact text asked before, in the same feature: an exact cache should answer it. */
    REPEAT,

    /**
     * A wording of a paraphrase family never asked before, of a family asked before in another
     * wording: only a semantic cache can answer it.
     */
    PARAPHRASE,

    /**
     * A question that nothing asked before means: a cache that answers it answers wrongly. Either one
     * of the pool's unique questions (family -1), asked once in the run, or the first ask of a
     * paraphrase family, whose later asks are {@link #REPEAT}s and {@link #PARAPHRASE}s.
     */
    UNIQUE
}
