package dev.heddle.report;

import dev.heddle.analytics.AnalyticsEvent;
import dev.heddle.report.ExperimentStatistics.Comparison;
import dev.heddle.report.ExperimentStatistics.Estimate;
import dev.heddle.report.ExperimentStatistics.SampleRatio;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.DoubleStream;

/**
 * An A/B experiment read back from the events: who was exposed to which variant, each variant's
 * metric, each variant against the control, and the sample-ratio-mismatch check.
 *
 * <p>Exposures are the {@value AnalyticsEvent#EXPOSURE} events whose {@value #KEY} property names the
 * experiment; the variant is their {@value #VARIANT} property (or, without it, the event's own
 * variants map). A user counts once, in the variant of their first exposure; a user exposed to more
 * than one variant is counted in {@link #usersInSeveralVariants()}, a sign of broken assignment.
 * Events without a user are left out.
 *
 * <p>Variants are listed by name, the weights given in the same order. The control is the one
 * named, else a variant named {@value #CONTROL}, else the first.
 *
 * @param experiment the experiment's name
 * @param metric what the variants are compared on
 * @param control the control's name; null when the experiment has no variant in the events
 * @param variants the variants, by name
 * @param sampleRatio exposed users against the weights
 * @param usersInSeveralVariants users exposed to more than one variant
 */
public record ExperimentResult(String experiment, ExperimentMetric metric, String control, List<Variant> variants,
        SampleRatio sampleRatio, long usersInSeveralVariants) {

    /** The exposure property that names the experiment (OpenTelemetry's feature-flag semantic conventions). */
    public static final String KEY = "feature_flag.key";
    /** The exposure property that names the variant. */
    public static final String VARIANT = "feature_flag.result.variant";
    /** The variant taken as the control when none is named. */
    public static final String CONTROL = "control";

    public ExperimentResult {
        variants = List.copyOf(variants);
    }

    /**
     * One variant's figures.
     *
     * @param name the variant's name
     * @param weight its configured share of users, normalized to sum to 1 over the variants
     * @param exposedUsers users whose first exposure was to this variant
     * @param converted exposed users who converted (conversion metrics; 0 for means)
     * @param estimate the rate or the mean, with its interval
     * @param comparison against the control; null for the control itself
     */
    public record Variant(String name, double weight, long exposedUsers, long converted, Estimate estimate,
            Comparison comparison) {
    }

    /** A user's first exposure. */
    private record Exposure(Instant time, String variant) {
    }

    /**
     * @param events the events
     * @return the names of the experiments that exposures or variant stamps name, sorted
     */
    public static List<String> experimentsIn(List<AnalyticsEvent> events) {
        Set<String> names = new TreeSet<>();
        for (AnalyticsEvent event : events) {
            names.addAll(event.variants().keySet());
            if (event.event().equals(AnalyticsEvent.EXPOSURE) && event.properties().get(KEY) != null) {
                names.add(event.properties().get(KEY).toString());
            }
        }
        return List.copyOf(names);
    }

    /**
     * @param events the events, sorted by time
     * @param experiment the experiment's name
     * @param metric what to compare the variants on
     * @param control the control's name, or null for the default
     * @param weights the configured weights in variant order, or null for equal weights
     * @return the result; without variants when the events never name the experiment
     * @throws IllegalArgumentException when the control is not a variant, or the weights are not one per variant
     */
    public static ExperimentResult compute(List<AnalyticsEvent> events, String experiment, ExperimentMetric metric,
            String control, List<Double> weights) {
        Map<String, Exposure> exposures = new HashMap<>();
        Set<String> inSeveral = new HashSet<>();
        Set<String> names = new TreeSet<>();
        for (AnalyticsEvent event : events) {
            String stamped = event.variants().get(experiment);
            if (stamped != null) names.add(stamped);
            String variant = exposedVariant(event, experiment);
            if (variant == null) continue;
            names.add(variant);
            if (event.user() == null) continue;
            Exposure first = exposures.putIfAbsent(event.user(), new Exposure(event.time(), variant));
            if (first != null && !first.variant().equals(variant)) inSeveral.add(event.user());
        }
        List<String> variantNames = List.copyOf(names);
        if (variantNames.isEmpty()) {
            return new ExperimentResult(experiment, metric, null, List.of(),
                    ExperimentStatistics.sampleRatio(List.of(), List.of()), 0);
        }
        String controlName = control(variantNames, control, experiment);
        List<Double> shares = shares(variantNames, weights, experiment);

        Map<String, Long> exposed = new LinkedHashMap<>();
        for (String name : variantNames) exposed.put(name, 0L);
        exposures.values().forEach(exposure -> exposed.merge(exposure.variant(), 1L, Long::sum));

        List<Variant> variants = metric instanceof ExperimentMetric.Mean mean
                ? means(events, experiment, mean, variantNames, controlName, exposed, shares)
                : conversions(events, (ExperimentMetric.Conversion) metric, exposures, variantNames, controlName, exposed, shares);
        SampleRatio ratio = ExperimentStatistics.sampleRatio(List.copyOf(exposed.values()), shares);
        return new ExperimentResult(experiment, metric, controlName, variants, ratio, inSeveral.size());
    }

    private static String exposedVariant(AnalyticsEvent event, String experiment) {
        if (!event.event().equals(AnalyticsEvent.EXPOSURE)) return null;
        Object key = event.properties().get(KEY);
        if (key == null || !key.toString().equals(experiment)) return null;
        Object variant = event.properties().get(VARIANT);
        return variant != null ? variant.toString() : event.variants().get(experiment);
    }

    private static String control(List<String> names, String control, String experiment) {
        if (control == null) return names.contains(CONTROL) ? CONTROL : names.get(0);
        if (!names.contains(control)) {
            throw new IllegalArgumentException("--control '" + control + "' is not a variant of experiment '" + experiment
                    + "'; its variants are " + String.join(", ", names));
        }
        return control;
    }

    private static List<Double> shares(List<String> names, List<Double> weights, String experiment) {
        if (weights == null) return Collections.nCopies(names.size(), 1.0 / names.size());
        if (weights.size() != names.size()) {
            throw new IllegalArgumentException("--weights gives " + weights.size() + " weights, but experiment '" + experiment
                    + "' has " + names.size() + " variants: " + String.join(", ", names) + " (weights go in this order)");
        }
        double sum = weights.stream().mapToDouble(Double::doubleValue).sum();
        return weights.stream().map(weight -> weight / sum).toList();
    }

    private static List<Variant> conversions(List<AnalyticsEvent> events, ExperimentMetric.Conversion metric,
            Map<String, Exposure> exposures, List<String> names, String control, Map<String, Long> exposed, List<Double> shares) {
        // a user converted when any qualifying event comes at or after their exposure: when their latest one does
        Map<String, Instant> latestConversion = new HashMap<>();
        for (AnalyticsEvent event : events) {
            if (event.user() != null && metric.event().matches(event)) latestConversion.put(event.user(), event.time());
        }
        Map<String, Long> converted = new HashMap<>();
        exposures.forEach((user, exposure) -> {
            Instant latest = latestConversion.get(user);
            if (latest != null && !latest.isBefore(exposure.time())) converted.merge(exposure.variant(), 1L, Long::sum);
        });
        long controlConverted = converted.getOrDefault(control, 0L);
        long controlUsers = exposed.get(control);
        List<Variant> variants = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            long users = exposed.get(name);
            long conversions = converted.getOrDefault(name, 0L);
            variants.add(new Variant(name, shares.get(i), users, conversions, ExperimentStatistics.proportion(conversions, users),
                    name.equals(control) ? null
                            : ExperimentStatistics.twoProportions(controlConverted, controlUsers, conversions, users)));
        }
        return variants;
    }

    private static List<Variant> means(List<AnalyticsEvent> events, String experiment, ExperimentMetric.Mean metric,
            List<String> names, String control, Map<String, Long> exposed, List<Double> shares) {
        Map<String, DoubleStream.Builder> values = new HashMap<>();
        for (AnalyticsEvent event : events) {
            String variant = event.variants().get(experiment);
            if (variant == null || !event.event().equals(AnalyticsEvent.LLM_CALL)) continue;
            Double value = metric.valueOf(event);
            if (value != null) values.computeIfAbsent(variant, name -> DoubleStream.builder()).add(value);
        }
        Map<String, Sample> samples = new HashMap<>();
        for (String name : names) {
            DoubleStream.Builder builder = values.get(name);
            samples.put(name, Sample.of(builder == null ? new double[0] : builder.build().toArray()));
        }
        List<Variant> variants = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            variants.add(new Variant(name, shares.get(i), exposed.get(name), 0, ExperimentStatistics.mean(samples.get(name)),
                    name.equals(control) ? null : ExperimentStatistics.welch(samples.get(control), samples.get(name))));
        }
        return variants;
    }

    /** @return the control's figures, or null when the experiment has no variants */
    public Variant controlVariant() {
        return variants.stream().filter(variant -> variant.name().equals(control)).findFirst().orElse(null);
    }
}
