package dev.heddle.it.app.sdk;

import dev.heddle.it.app.Out;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * Prints what the agent's JMX MBean {@code dev.heddle:type=Heddle} says about one rule, as an
 * operator's JMX client would read it; the app needs no Heddle class for this.
 */
public final class HeddleCounters {

    private static final String[] FIELDS = {"cacheHits", "cacheMisses", "modelCalls", "inputTokens", "outputTokens",
        "costUsd", "savedInputTokens", "savedOutputTokens", "savedCostUsd", "attempts", "retries", "circuitOpened",
        "circuitRejections", "timeouts", "circuitHalfOpened", "circuitClosed", "fallbacks", "quotaAdmitted", "quotaRefused"};

    private HeddleCounters() {
    }

    /** The agent registers its MBean in the background once its weaver is ready; wait for it a little. */
    private static void awaitRegistration(ObjectName name) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!ManagementFactory.getPlatformMBeanServer().isRegistered(name) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Prints {@code heddle.present} and, when the agent runs, {@code heddle.redisEntriesRejected}
     * (entries read from Redis whose seal did not open) and {@code heddle.<field>} for the rule.
     *
     * @param rule the rule name
     */
    public static void print(String rule) {
        try {
            ObjectName name = new ObjectName("dev.heddle:type=Heddle");
            if (System.getProperty("dev.heddle.agent.started") != null) awaitRegistration(name);
            if (!ManagementFactory.getPlatformMBeanServer().isRegistered(name)) {
                Out.print("heddle.present", false);
                return;
            }
            Out.print("heddle.present", true);
            Out.print("heddle.redisEntriesRejected", ManagementFactory.getPlatformMBeanServer().getAttribute(name, "RedisEntriesRejected"));
            for (CompositeData status : (CompositeData[]) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Rules")) {
                if (!rule.equals(status.get("name"))) continue;
                for (String field : FIELDS) {
                    Out.print("heddle." + field, status.get(field));
                }
            }
        } catch (JMException e) {
            Out.print("heddle.error", e);
        }
    }

    /**
     * Prints the agent's adaptive concurrency limits, {@code <prefix>=<limit>} for the only one or
     * {@code <prefix>.<name>=<limit>} for each of several; nothing without the agent.
     *
     * @param prefix the key to print under
     */
    public static void printUpstreamLimits(String prefix) {
        try {
            ObjectName name = new ObjectName("dev.heddle:type=Heddle");
            if (!ManagementFactory.getPlatformMBeanServer().isRegistered(name)) return;
            CompositeData[] limits = (CompositeData[]) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "UpstreamLimits");
            for (CompositeData limit : limits) {
                Out.print(limits.length == 1 ? prefix : prefix + "." + limit.get("name"), limit.get("limit"));
            }
        } catch (JMException e) {
            Out.print("heddle.error", e);
        }
    }
}
