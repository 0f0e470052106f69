package dev.heddle.status;

import java.util.List;

/**
 * What Heddle is doing, as the JMX MBean {@code dev.heddle:type=Heddle} shows it (JConsole, VisualVM,
 * or any JMX client; an app can read it from its own platform MBean server).
 */
public interface HeddleStatusMXBean {

    /** @return where the configuration was read from, or {@code <none>} */
    String getConfigSource();

    /** @return every woven method, as {@code binary.type.Name:method(descriptor)} and the policy owner */
    List<String> getWovenMethods();

    /** @return the counters of every rule and {@code @Cached} method that has been called */
    List<RuleStatus> getRules();

    /** @return every adaptive concurrency limit of a quota's upstream calls, by quota and upstream key */
    List<UpstreamLimitStatus> getUpstreamLimits();
}
