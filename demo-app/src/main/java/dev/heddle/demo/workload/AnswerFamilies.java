package dev.heddle.demo.workload;

import dev.heddle.demo.mock.MockAnswers;
import dev.heddle.demo.workload.ReplayResult.AnswerCheck;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tells whether an answer of the mock LLM server was given to a question of the family that was
 * asked. The mock's answer quotes the last user message ({@link MockAnswers#quotedTopic}); a cache
 * that answers a paraphrase with the answer to its family's other wording is right, and one that
 * answers with the answer to another question (of another family, or a unique one) is a wrong hit.
 */
public final class AnswerFamilies {

    private final Map<Integer, Set<String>> quotesByFamily;

    private AnswerFamilies(Map<Integer, Set<String>> quotesByFamily) {
        this.quotesByFamily = quotesByFamily;
    }

    /**
     * @param workload every request of the workload, so that the wordings another JVM asked are known too
     * @return the quotes of each family's wordings
     */
    public static AnswerFamilies of(List<PlannedRequest> workload) {
        Map<Integer, Set<String>> quotes = new HashMap<>();
        for (PlannedRequest request : workload) {
            if (request.family() < 0) continue;
            quotes.computeIfAbsent(request.family(), family -> new LinkedHashSet<>())
                    .add(quoted(MockAnswers.quotedTopic(request.question())));
        }
        return new AnswerFamilies(quotes);
    }

    /**
     * @param asked the request whose answer it is
     * @param answer the answer's text
     * @return {@link AnswerCheck#SAME} when the answer quotes the question asked or, for a question of
     *     a paraphrase family, any wording of that family; {@link AnswerCheck#OTHER} when it quotes
     *     something else
     */
    public AnswerCheck check(PlannedRequest asked, String answer) {
        Set<String> quotes = asked.family() < 0 ? Set.of(quoted(MockAnswers.quotedTopic(asked.question())))
                : quotesByFamily.getOrDefault(asked.family(), Set.of(quoted(MockAnswers.quotedTopic(asked.question()))));
        for (String quote : quotes) {
            if (answer.contains(quote)) return AnswerCheck.SAME;
        }
        return AnswerCheck.OTHER;
    }

    private static String quoted(String topic) {
        return "\"" + topic + "\" ";
    }
}
