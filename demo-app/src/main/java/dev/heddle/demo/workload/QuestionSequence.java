package dev.heddle.demo.workload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The questions of a run, one after the other, each with its kind. A request asks either one of the
 * pool's unique questions, once, or a paraphrase family drawn with Zipf-like weights over the pool's
 * order. A family's first ask is {@link RequestKind#UNIQUE}; a later one is a {@link RequestKind#PARAPHRASE}
 * (a wording not asked yet) or a {@link RequestKind#REPEAT} (one asked before) in the ratio of the
 * spec's shares. The share of family asks is the spec's share of repeats and paraphrases plus the
 * expected share of first asks, so the kinds come out in about the spec's shares; a paraphrase that
 * the family drawn cannot give goes to another family asked before, and to a repeat when none can.
 * Every ask of a family goes to the same feature, so a cache can answer its repeats and paraphrases.
 */
final class QuestionSequence {

    /** Family {@code k}'s weight (from 0, in the pool's order) is {@code 1 / (k + 1)^FAMILY_ZIPF_EXPONENT}. */
    static final double FAMILY_ZIPF_EXPONENT = 1.0;

    /**
     * One question of the run.
     *
     * @param question the text
     * @param family its family, -1 for a unique question
     * @param kind what it is to the questions before it
     * @param feature the feature it is asked of
     */
    record Ask(String question, int family, RequestKind kind, ProductFeature feature) {
    }

    private final QuestionPool pool;
    private final WorkloadSpec spec;
    private final SplittableRandom random;
    private final ZipfWeights popularity;
    private final ProductFeature[] featureOfFamily;
    private final List<List<Integer>> askedWordings;
    private final List<String> uniqueQuestions;
    private final double familyShare;
    private int nextUnique;

    /**
     * @param pool the questions
     * @param spec the shares of the kinds and the number of requests
     * @param random the source of randomness
     */
    QuestionSequence(QuestionPool pool, WorkloadSpec spec, SplittableRandom random) {
        this.pool = pool;
        this.spec = spec;
        this.random = random;
        popularity = new ZipfWeights(pool.families(), FAMILY_ZIPF_EXPONENT);
        featureOfFamily = featuresOfFamilies(popularity);
        askedWordings = new ArrayList<>();
        for (int family = 0; family < pool.families(); family++) {
            askedWordings.add(new ArrayList<>());
        }
        uniqueQuestions = new ArrayList<>(pool.uniqueQuestions());
        Collections.shuffle(uniqueQuestions, new Random(random.nextLong()));
        familyShare = familyShare(spec, popularity);
    }

    /** @return the next question */
    Ask next() {
        if (random.nextDouble() >= familyShare && nextUnique < uniqueQuestions.size()) {
            return new Ask(uniqueQuestions.get(nextUnique++), -1, RequestKind.UNIQUE, ProductFeature.draw(random));
        }
        int family = popularity.draw(random);
        if (askedWordings.get(family).isEmpty()) {
            return ask(family, random.nextInt(pool.wordings(family).size()), RequestKind.UNIQUE);
        }
        double asked = spec.repeatShare() + spec.paraphraseShare();
        if (random.nextDouble() * asked < spec.paraphraseShare()) {
            return paraphrase(family)
                    .or(() -> paraphrase(popularity.drawAmong(this::canBeParaphrased, random)))
                    .orElseGet(() -> repeat(family));
        }
        return repeat(family);
    }

    private boolean canBeParaphrased(int family) {
        int asked = askedWordings.get(family).size();
        return asked > 0 && asked < pool.wordings(family).size();
    }

    private Optional<Ask> paraphrase(int family) {
        if (family < 0 || !canBeParaphrased(family)) {
            return Optional.empty();
        }
        List<Integer> unasked = new ArrayList<>();
        for (int wording = 0; wording < pool.wordings(family).size(); wording++) {
            if (!askedWordings.get(family).contains(wording)) {
                unasked.add(wording);
            }
        }
        return Optional.of(ask(family, unasked.get(random.nextInt(unasked.size())), RequestKind.PARAPHRASE));
    }

    private Ask repeat(int family) {
        List<Integer> asked = askedWordings.get(family);
        return ask(family, asked.get(random.nextInt(asked.size())), RequestKind.REPEAT);
    }

    private Ask ask(int family, int wording, RequestKind kind) {
        List<Integer> asked = askedWordings.get(family);
        if (!asked.contains(wording)) {
            asked.add(wording);
        }
        return new Ask(pool.wordings(family).get(wording), family, kind, featureOfFamily[family]);
    }

    /**
     * The features of the families, so that each feature gets about its share of the family asks:
     * family by family, the most popular first, the feature furthest below its share of the weight.
     */
    private static ProductFeature[] featuresOfFamilies(ZipfWeights popularity) {
        ProductFeature[] features = new ProductFeature[popularity.size()];
        double[] assigned = new double[ProductFeature.values().length];
        double total = 0;
        for (int family = 0; family < features.length; family++) {
            total += popularity.weight(family);
            ProductFeature furthestBelow = ProductFeature.SUPPORT;
            double largestGap = Double.NEGATIVE_INFINITY;
            for (ProductFeature feature : ProductFeature.values()) {
                double gap = feature.share() * total - assigned[feature.ordinal()];
                if (gap > largestGap) {
                    largestGap = gap;
                    furthestBelow = feature;
                }
            }
            features[family] = furthestBelow;
            assigned[furthestBelow.ordinal()] += popularity.weight(family);
        }
        return features;
    }

    /**
     * The share of requests that ask a family: the share of repeats and paraphrases plus that of
     * first asks, which is the expected number of families asked at least once in the run, itself a
     * function of the share (found by iterating to its fixed point).
     */
    private static double familyShare(WorkloadSpec spec, ZipfWeights popularity) {
        double asked = spec.repeatShare() + spec.paraphraseShare();
        if (spec.requests() == 0) {
            return asked;
        }
        double share = asked;
        for (int iteration = 0; iteration < 50; iteration++) {
            double firstAsks = 0;
            for (int family = 0; family < popularity.size(); family++) {
                firstAsks += 1 - Math.pow(1 - share * popularity.probability(family), spec.requests());
            }
            share = Math.min(1, asked + firstAsks / spec.requests());
        }
        return share;
    }
}
