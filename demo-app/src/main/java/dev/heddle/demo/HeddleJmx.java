package dev.heddle.demo;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * Reads what the Heddle agent says about itself through its JMX MBean {@code dev.heddle:type=Heddle},
 * as any JMX client (JConsole, a metrics exporter) would: the app needs no Heddle class for this,
 * and without the agent there is simply no such MBean.
 */
public final class HeddleJmx {

    /** The agent's MBean. */
    public static final String OBJECT_NAME = "dev.heddle:type=Heddle";

    /**
     * What the agent counted for one of its rules.
     *
     * @param name the rule name in heddle.yaml
     * @param cacheHits calls answered from the cache
     * @param cacheMisses calls that went to the model
     * @param inputTokens prompt tokens of the calls that went to the model
     * @param outputTokens completion tokens of those calls
     * @param costUsd what those calls cost, by the agent's price table
     * @param savedInputTokens prompt tokens that cache hits did not send
     * @param savedOutputTokens completion tokens that cache hits did not pay for
     * @param savedCostUsd what the cache hits saved, dollars
     */
    public record RuleCounters(String name, long cacheHits, long cacheMisses, long inputTokens, long outputTokens,
            double costUsd, long savedInputTokens, long savedOutputTokens, double savedCostUsd) {
    }

    private HeddleJmx() {
    }

    /**
     * Reads the MBean.
     *
     * @return the counters of every rule, or empty when the agent is not attached (or its MBean
     *     cannot be read)
     */
    public static Optional<List<RuleCounters>> read() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(OBJECT_NAME);
            if (!server.isRegistered(name)) {
                return Optional.empty();
            }
            List<RuleCounters> rules = new ArrayList<>();
            for (CompositeData rule : (CompositeData[]) server.getAttribute(name, "Rules")) {
                rules.add(new RuleCounters(String.valueOf(rule.get("name")),
                        whole(rule, "cacheHits"), whole(rule, "cacheMisses"),
                        whole(rule, "inputTokens"), whole(rule, "outputTokens"), decimal(rule, "costUsd"),
                        whole(rule, "savedInputTokens"), whole(rule, "savedOutputTokens"), decimal(rule, "savedCostUsd")));
            }
            return Optional.of(List.copyOf(rules));
        } catch (JMException | RuntimeException e) {
            System.err.println("could not read the JMX MBean " + OBJECT_NAME + ": " + e);
            return Optional.empty();
        }
    }

    private static long whole(CompositeData data, String key) {
        return data.containsKey(key) && data.get(key) instanceof Number number ? number.longValue() : 0;
    }

    private static double decimal(CompositeData data, String key) {
        return data.containsKey(key) && data.get(key) instanceof Number number ? number.doubleValue() : 0;
    }
}
