package dev.heddle.status;

import java.beans.ConstructorProperties;

/** One adaptive concurrency limit at one moment; an MXBean composite value. */
public final class UpstreamLimitStatus {

    private final String name;
    private final int limit;
    private final int inFlight;

    /**
     * @param name the quota and the upstream key, such as {@code per-user openai-java:gpt-4o-mini}
     * @param limit the calls allowed at once now
     * @param inFlight the calls running now
     */
    @ConstructorProperties({"name", "limit", "inFlight"})
    public UpstreamLimitStatus(String name, int limit, int inFlight) {
        this.name = name;
        this.limit = limit;
        this.inFlight = inFlight;
    }

    /** @return the quota and the upstream key */
    public String getName() {
        return name;
    }

    /** @return the calls allowed at once now */
    public int getLimit() {
        return limit;
    }

    /** @return the calls running now */
    public int getInFlight() {
        return inFlight;
    }
}
