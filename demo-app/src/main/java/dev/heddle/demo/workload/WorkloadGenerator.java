package dev.heddle.demo.workload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plans the requests of a workload: who asks which question of which feature, and when.
 *
 * <ul>
 *   <li>Users: {@code spec.users()} of them, {@code user-001} the most active, each next one less so
 *       (Zipf-like, exponent 1: with 200 users the top 20 send about 60% of the requests); 70% of
 *       them on the {@code free} plan, 25% on {@code pro} and 5% on {@code enterprise}, by the seed.
 *   <li>Features: {@code support} (60% of the questions, {@code gpt-4o-mini}), {@code docs} (25%,
 *       {@code gpt-4o}) and {@code sales} (15%, {@code gpt-4o-mini}), each with its own system
 *       prompt. Every ask of a paraphrase family goes to the same feature.
 *   <li>Questions: either one of the pool's unique questions, asked once, or a paraphrase family
 *       drawn with Zipf-like weights over the pool's order (exponent 1: the first tenth of the
 *       bundled pool's families get about half the family asks). A family's first ask is
 *       {@link RequestKind#UNIQUE}; its later asks are {@link RequestKind#REPEAT}s and
 *       {@link RequestKind#PARAPHRASE}s in the ratio of the spec's shares, and the share of family
 *       asks allows for the first asks, so the kinds come out in about the spec's shares. When the
 *       pool has no paraphrase or unique question left, the request is a repeat or a family ask
 *       instead; {@link WorkloadSummary} shows the shares that came out.
 *   <li>Arrivals: spread over {@code spec.duration()} as a Poisson process with {@code spec.requests()}
 *       arrivals would spread them (uniform times, sorted), in milliseconds from the start.
 * </ul>
 *
 * The same spec and pool always give the same requests.
 */
public final class WorkloadGenerator {

    private WorkloadGenerator() {
    }

    /**
     * Plans a workload.
     *
     * @param spec how many users and requests, over how long, with which shares of kinds
     * @param pool the questions
     * @return the requests, in the order they are sent, indexed from 0
     */
    public static List<PlannedRequest> generate(WorkloadSpec spec, QuestionPool pool) {
        SplittableRandom seed = new SplittableRandom(spec.seed());
        long[] arrivals = arrivals(spec, seed.split());
        UserBase users = new UserBase(spec.users(), seed.split());
        SplittableRandom userDraws = seed.split();
        QuestionSequence questions = new QuestionSequence(pool, spec, seed.split());
        List<PlannedRequest> requests = new ArrayList<>(spec.requests());
        for (int index = 0; index < spec.requests(); index++) {
            int user = users.draw(userDraws);
            QuestionSequence.Ask ask = questions.next();
            ProductFeature feature = ask.feature();
            requests.add(new PlannedRequest(index, arrivals[index], users.name(user), users.tier(user), feature.label(),
                    feature.systemPrompt(), feature.model(), ask.question(), ask.family(), ask.kind()));
        }
        return List.copyOf(requests);
    }

    private static long[] arrivals(WorkloadSpec spec, SplittableRandom random) {
        long durationMillis = spec.duration().toMillis();
        long[] arrivals = new long[spec.requests()];
        for (int i = 0; i < arrivals.length; i++) {
            arrivals[i] = (long) (random.nextDouble() * durationMillis);
        }
        Arrays.sort(arrivals);
        return arrivals;
    }
}
