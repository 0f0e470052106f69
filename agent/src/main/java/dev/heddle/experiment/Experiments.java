package dev.heddle.experiment;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.heddle.analytics.AnalyticsEvent;
import dev.heddle.config.ExperimentConfig;
import dev.heddle.config.ExperimentConfig.VariantConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The running experiments of one configuration: assigns a user to a variant of each experiment
 * (GrowthBook's hash, so the same user gets the same variant in every JVM, after every restart and
 * in a GrowthBook front end with the same seed and weights) and records the user's first exposure
 * to each experiment as a {@value AnalyticsEvent#EXPOSURE} event.
 *
 * <p>"First" is remembered per JVM, for the most recent {@value #REMEMBERED_EXPOSURES} users and
 * experiments: a restart or another JVM may record an exposure again, which the report counts once
 * (it keeps each user's first exposure).
 */
public final class Experiments {

    /** The most user and experiment pairs whose exposure is remembered. */
    static final int REMEMBERED_EXPOSURES = 100_000;

    private final List<Running> running;
    private final Consumer<AnalyticsEvent> events;
    private final Clock clock;
    private final Cache<String, Boolean> exposed = Caffeine.newBuilder()
            // evictions run on the calling thread, never on the app's shared ForkJoinPool.commonPool
            .executor(Runnable::run).maximumSize(REMEMBERED_EXPOSURES).build();

    /**
     * @param experiments the configured experiments; those switched off are left out
     * @param events where exposure events go
     * @param clock the clock of the events' times
     */
    public Experiments(List<ExperimentConfig> experiments, Consumer<AnalyticsEvent> events, Clock clock) {
        List<Running> running = new ArrayList<>();
        for (ExperimentConfig experiment : experiments) {
            if (experiment.enabled()) {
                running.add(new Running(experiment, new VariantAssigner(experiment.seed(), experiment.weights(), experiment.coverage())));
            }
        }
        this.running = List.copyOf(running);
        this.events = events;
        this.clock = clock;
    }

    /** @return true when no experiment runs */
    public boolean isEmpty() {
        return running.isEmpty();
    }

    /**
     * @param rule a rule's name
     * @return whether some running experiment changes that rule's calls
     */
    public boolean appliesTo(String rule) {
        for (Running experiment : running) {
            if (experiment.config().appliesTo(rule)) return true;
        }
        return false;
    }

    /**
     * The user's variants of the experiments that apply to a rule, recording first exposures.
     *
     * @param rule the rule of the call
     * @param user the user, or null (a call without a user takes part in no experiment)
     * @param session the session, or null, for the exposure event
     * @param tierOf the user's quota tier, asked only of experiments limited to tiers
     * @return the assignments, in file order of the experiments
     */
    public List<Assignment> assign(String rule, String user, String session, Function<String, Optional<String>> tierOf) {
        if (user == null || running.isEmpty()) return List.of();
        List<Assignment> assignments = new ArrayList<>(2);
        for (Running experiment : running) {
            if (!experiment.config().appliesTo(rule)) continue;
            assignment(experiment, user, session, tierOf).ifPresent(assignments::add);
        }
        return assignments;
    }

    /**
     * The user's variant of one experiment, as {@code Heddle.variant(name)} asks; records a first exposure.
     *
     * @param experiment the experiment's name
     * @param user the user, or null
     * @param session the session, or null
     * @param tierOf the user's quota tier
     * @return the variant's name; empty when the experiment does not run or the user is not in it
     */
    public Optional<String> variant(String experiment, String user, String session, Function<String, Optional<String>> tierOf) {
        if (user == null) return Optional.empty();
        for (Running running : running) {
            if (running.config().name().equals(experiment)) {
                return assignment(running, user, session, tierOf).map(assignment -> assignment.variant().name());
            }
        }
        return Optional.empty();
    }

    /**
     * The user's variants of every running experiment, without recording exposures: for stamping
     * app events, which are not exposures.
     *
     * @param user the user
     * @param tierOf the user's quota tier
     * @return experiment to variant, for the experiments the user is in
     */
    public Map<String, String> variantsOf(String user, Function<String, Optional<String>> tierOf) {
        if (running.isEmpty()) return Map.of();
        Map<String, String> variants = new LinkedHashMap<>();
        for (Running experiment : running) {
            experiment.variantOf(user, tierOf).ifPresent(variant -> variants.put(experiment.config().name(), variant.name()));
        }
        return variants;
    }

    private Optional<Assignment> assignment(Running experiment, String user, String session,
            Function<String, Optional<String>> tierOf) {
        Optional<VariantConfig> variant = experiment.variantOf(user, tierOf);
        if (variant.isEmpty()) return Optional.empty();
        Assignment assignment = new Assignment(experiment.config(), variant.get());
        if (exposed.asMap().putIfAbsent(experiment.config().name() + '\0' + user, Boolean.TRUE) == null) {
            exposure(assignment, user, session);
        }
        return Optional.of(assignment);
    }

    private void exposure(Assignment assignment, String user, String session) {
        String experiment = assignment.experiment().name();
        String variant = assignment.variant().name();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("feature_flag.key", experiment);
        properties.put("feature_flag.result.variant", variant);
        properties.put("feature_flag.provider.name", "heddle");
        events.accept(AnalyticsEvent.app(clock.instant(), AnalyticsEvent.EXPOSURE, user, session, Map.of(experiment, variant),
                properties));
    }

    private record Running(ExperimentConfig config, VariantAssigner assigner) {

        /** The user's variant: none outside the experiment's tiers or its coverage. */
        Optional<VariantConfig> variantOf(String user, Function<String, Optional<String>> tierOf) {
            if (!config.tiers().isEmpty() && tierOf.apply(user).filter(config.tiers()::contains).isEmpty()) return Optional.empty();
            int index = assigner.assign(user);
            return index == VariantAssigner.NOT_IN_EXPERIMENT ? Optional.empty() : Optional.of(config.variants().get(index));
        }
    }
}
