package dev.heddle.demo.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkloadGeneratorTest {

    private static final QuestionPool POOL = QuestionPool.bundled();
    private static final List<PlannedRequest> MACRO = WorkloadGenerator.generate(WorkloadSpec.macro(), POOL);
    private static final List<PlannedRequest> DEMO = WorkloadGenerator.generate(WorkloadSpec.demo(), POOL);

    @Test
    void theSameSpecAndPoolAlwaysGiveTheSameRequests() {
        assertThat(WorkloadGenerator.generate(WorkloadSpec.macro(), QuestionPool.bundled())).isEqualTo(MACRO);
        assertThat(WorkloadGenerator.generate(WorkloadSpec.demo(), POOL)).isEqualTo(DEMO);
    }

    @Test
    void anotherSeedGivesOtherRequests() {
        WorkloadSpec demo = WorkloadSpec.demo();
        WorkloadSpec otherSeed = new WorkloadSpec(demo.seed() + 1, demo.users(), demo.requests(), demo.duration(),
                demo.repeatShare(), demo.paraphraseShare());

        List<PlannedRequest> other = WorkloadGenerator.generate(otherSeed, POOL);

        assertThat(other).hasSameSizeAs(DEMO).isNotEqualTo(DEMO);
        assertThat(other).extracting(PlannedRequest::atMillis).isNotEqualTo(DEMO.stream().map(PlannedRequest::atMillis).toList());
        assertThat(other).extracting(PlannedRequest::question).isNotEqualTo(DEMO.stream().map(PlannedRequest::question).toList());
    }

    @Test
    void theKindsComeOutWithinThreePointsOfTheSpecsShares() {
        for (var run : Map.of(WorkloadSpec.macro(), MACRO, WorkloadSpec.demo(), DEMO).entrySet()) {
            WorkloadSpec spec = run.getKey();
            WorkloadSummary summary = WorkloadSummary.of(run.getValue());

            assertThat(summary.requests()).isEqualTo(spec.requests());
            assertThat(summary.share(RequestKind.REPEAT)).isCloseTo(spec.repeatShare(), within(0.03));
            assertThat(summary.share(RequestKind.PARAPHRASE)).isCloseTo(spec.paraphraseShare(), within(0.03));
            assertThat(summary.share(RequestKind.UNIQUE)).isCloseTo(spec.uniqueShare(), within(0.03));
        }
    }

    @Test
    void everyRepeatAsksATextAskedBeforeOfTheSameFeature() {
        for (List<PlannedRequest> requests : List.of(MACRO, DEMO)) {
            Set<String> asked = new HashSet<>();
            for (PlannedRequest request : requests) {
                String text = request.feature() + '\n' + request.question();
                assertThat(asked.contains(text)).as("asked before: %s", request).isEqualTo(request.kind() == RequestKind.REPEAT);
                asked.add(text);
            }
        }
    }

    @Test
    void everyParaphraseAsksANewWordingOfAFamilyAskedBeforeInAnother() {
        for (List<PlannedRequest> requests : List.of(MACRO, DEMO)) {
            Map<Integer, Set<String>> wordingsAsked = new HashMap<>();
            for (PlannedRequest request : requests) {
                if (request.kind() == RequestKind.PARAPHRASE) {
                    assertThat(wordingsAsked.get(request.family())).as("family asked before: %s", request)
                            .isNotEmpty().doesNotContain(request.question());
                }
                wordingsAsked.computeIfAbsent(request.family(), family -> new HashSet<>()).add(request.question());
            }
            assertThat(requests).filteredOn(request -> request.kind() == RequestKind.PARAPHRASE).isNotEmpty();
        }
    }

    @Test
    void aUniqueRequestAsksWhatNoRequestBeforeItMeant() {
        Set<Integer> familiesAsked = new HashSet<>();
        Map<String, Long> asksOfQuestion = MACRO.stream()
                .collect(Collectors.groupingBy(PlannedRequest::question, Collectors.counting()));
        for (PlannedRequest request : MACRO) {
            if (request.kind() == RequestKind.UNIQUE && request.family() >= 0) {
                assertThat(familiesAsked).as("first ask of its family: %s", request).doesNotContain(request.family());
            }
            if (request.family() == -1) {
                assertThat(request.kind()).isEqualTo(RequestKind.UNIQUE);
                assertThat(asksOfQuestion.get(request.question())).as("asked once: %s", request).isEqualTo(1);
                assertThat(POOL.uniqueQuestions()).contains(request.question());
            }
            familiesAsked.add(request.family());
        }
        assertThat(MACRO).filteredOn(request -> request.family() == -1).hasSizeGreaterThan(MACRO.size() / 4);
    }

    @Test
    void theRequestsFamiliesAreThoseOfTheirQuestionsInThePool() {
        assertThat(MACRO).allSatisfy(request -> assertThat(POOL.familyOf(request.question())).isEqualTo(request.family()));
    }

    @Test
    void everyAskOfAFamilyGoesToTheSameFeatureSystemPromptAndModel() {
        Map<Integer, Set<List<String>>> featuresOfFamily = MACRO.stream()
                .filter(request -> request.family() >= 0)
                .collect(Collectors.groupingBy(PlannedRequest::family, Collectors.mapping(
                        request -> List.of(request.feature(), request.systemPrompt(), request.model()), Collectors.toSet())));

        assertThat(featuresOfFamily.values()).allSatisfy(features -> assertThat(features).hasSize(1));
    }

    @Test
    void threeFeaturesEachWithOneSystemPromptAndModelUseTwoModelsFromTheAgentsPriceTable() {
        Map<String, Set<List<String>>> byFeature = MACRO.stream().collect(Collectors.groupingBy(PlannedRequest::feature,
                Collectors.mapping(request -> List.of(request.systemPrompt(), request.model()), Collectors.toSet())));

        assertThat(byFeature).containsOnlyKeys("support", "docs", "sales");
        assertThat(byFeature.values()).allSatisfy(promptAndModel -> assertThat(promptAndModel).hasSize(1));
        assertThat(MACRO).extracting(PlannedRequest::model).containsOnly("gpt-4o-mini", "gpt-4o");
        assertThat(MACRO.stream().map(PlannedRequest::systemPrompt).distinct()).hasSize(3);
    }

    @Test
    void theFeaturesGetAboutTheirSharesOfTheQuestions() {
        WorkloadSummary summary = WorkloadSummary.of(MACRO);

        assertThat(summary.features().get("support") / 3000.0).isCloseTo(0.60, within(0.05));
        assertThat(summary.features().get("docs") / 3000.0).isCloseTo(0.25, within(0.05));
        assertThat(summary.features().get("sales") / 3000.0).isCloseTo(0.15, within(0.05));
    }

    @Test
    void aTenthOfTheUsersSendOverHalfTheRequests() {
        List<Long> perUser = MACRO.stream().collect(Collectors.groupingBy(PlannedRequest::user, Collectors.counting()))
                .values().stream().sorted(Comparator.reverseOrder()).toList();

        long topTenth = perUser.stream().limit(WorkloadSpec.macro().users() / 10).mapToLong(Long::longValue).sum();
        assertThat(topTenth).isGreaterThan(MACRO.size() / 2);
        assertThat(MACRO).extracting(PlannedRequest::user).contains("user-001", "user-200");
    }

    @Test
    void aTenthOfTheFamiliesGetOverAThirdOfTheFamilyAsks() {
        List<PlannedRequest> familyAsks = MACRO.stream().filter(request -> request.family() >= 0).toList();

        long popular = familyAsks.stream().filter(request -> request.family() < POOL.families() / 10).count();
        assertThat(popular).isGreaterThan(familyAsks.size() / 3);
        assertThat(familyAsks.stream().map(PlannedRequest::family).distinct()).hasSize(POOL.families());
    }

    @Test
    void seventyPercentOfTheUsersAreFreeTwentyFiveProAndFiveEnterpriseForTheWholeRun() {
        Map<String, Set<String>> tiersOfUser = new HashMap<>();
        for (long seed : List.of(1L, 2L, 3L)) {
            WorkloadSpec spec = new WorkloadSpec(seed, 200, 20_000, Duration.ofMinutes(1), 0.5, 0.1);
            WorkloadGenerator.generate(spec, POOL).forEach(request ->
                    tiersOfUser.computeIfAbsent(seed + request.user(), user -> new HashSet<>()).add(request.tier()));
        }

        assertThat(tiersOfUser.values()).allSatisfy(tiers -> assertThat(tiers).hasSize(1));
        Map<String, Long> usersByTier = tiersOfUser.values().stream()
                .collect(Collectors.groupingBy(tiers -> tiers.iterator().next(), Collectors.counting()));
        assertThat(usersByTier).containsEntry("free", 3 * 140L).containsEntry("pro", 3 * 50L).containsEntry("enterprise", 3 * 10L);
    }

    @Test
    void theRequestsAreIndexedFromZeroAndArriveInOrderWithinTheDuration() {
        assertThat(MACRO).extracting(PlannedRequest::index).containsExactlyElementsOf(IntStream.range(0, 3000).boxed().toList());
        assertThat(MACRO).extracting(PlannedRequest::atMillis).isSorted()
                .allSatisfy(at -> assertThat(at).isBetween(0L, Duration.ofMinutes(4).toMillis() - 1));
        assertThat(MACRO.get(0).atMillis()).isLessThan(2_000);
        assertThat(MACRO.get(MACRO.size() - 1).atMillis()).isGreaterThan(Duration.ofMinutes(4).toMillis() - 2_000);
    }

    @Test
    void theArrivalsComeAtAnEvenRateWithPoissonGaps() {
        long[] perMinute = new long[4];
        MACRO.forEach(request -> perMinute[(int) (request.atMillis() / 60_000)]++);
        List<Long> gaps = IntStream.range(1, MACRO.size())
                .mapToObj(i -> MACRO.get(i).atMillis() - MACRO.get(i - 1).atMillis()).toList();
        double mean = gaps.stream().mapToLong(Long::longValue).average().orElseThrow();
        double variance = gaps.stream().mapToDouble(gap -> (gap - mean) * (gap - mean)).average().orElseThrow();

        assertThat(Arrays.stream(perMinute).boxed().toList()).allSatisfy(count -> assertThat(count).isBetween(650L, 850L));
        assertThat(mean).isCloseTo(80, within(2.0));
        assertThat(Math.sqrt(variance) / mean).as("an exponential gap's deviation is its mean").isCloseTo(1, within(0.1));
    }

    @Test
    void aPoolWithTooFewParaphrasesOrUniqueQuestionsGivesRepeatsInstead() {
        QuestionPool tiny = QuestionPool.of(List.of(List.of("How do I reset my password?", "I forgot my password.")),
                List.of("Do you sell looms?"));
        WorkloadSpec spec = new WorkloadSpec(7, 5, 100, Duration.ofSeconds(10), 0.2, 0.4);

        List<PlannedRequest> requests = WorkloadGenerator.generate(spec, tiny);

        WorkloadSummary summary = WorkloadSummary.of(requests);
        assertThat(summary.kinds()).containsEntry(RequestKind.PARAPHRASE, 1).containsEntry(RequestKind.UNIQUE, 2)
                .containsEntry(RequestKind.REPEAT, 97);
        assertThat(summary.distinctQuestions()).isEqualTo(3);
    }

    @Test
    void noRequestsGiveAnEmptyWorkload() {
        assertThat(WorkloadGenerator.generate(new WorkloadSpec(1, 3, 0, Duration.ofSeconds(1), 0.5, 0.2), POOL)).isEmpty();
    }

    @Test
    void aPoolOfManyTwoWordingFamiliesLikeQqpsGivesTheSpecsShares() {
        List<List<String>> families = new ArrayList<>();
        List<String> uniques = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            families.add(List.of("question " + i + " in words", "question " + i + " in other words"));
        }
        for (int i = 0; i < 2000; i++) {
            uniques.add("unique question " + i);
        }

        WorkloadSummary summary = WorkloadSummary.of(WorkloadGenerator.generate(WorkloadSpec.macro(), QuestionPool.of(families, uniques)));

        assertThat(summary.share(RequestKind.REPEAT)).isCloseTo(0.50, within(0.03));
        assertThat(summary.share(RequestKind.PARAPHRASE)).isCloseTo(0.07, within(0.03));
        assertThat(summary.share(RequestKind.UNIQUE)).isCloseTo(0.43, within(0.03));
    }
}
