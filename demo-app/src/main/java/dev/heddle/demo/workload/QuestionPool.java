package dev.heddle.demo.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The questions a workload draws from: paraphrase families, each a few wordings of one question,
 * most popular first, and unique questions that mean what no other question in the pool means.
 * Every text is in the pool once.
 */
public final class QuestionPool {

    /** The bundled pool's resource, beside this class. */
    static final String BUNDLED_RESOURCE = "paraphrases.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<List<String>> families;
    private final List<String> uniqueQuestions;
    private final Map<String, Integer> familyByQuestion;

    private QuestionPool(List<List<String>> families, List<String> uniqueQuestions) {
        this.families = families.stream().map(List::copyOf).toList();
        this.uniqueQuestions = List.copyOf(uniqueQuestions);
        this.familyByQuestion = new HashMap<>();
        if (this.families.isEmpty()) {
            throw new IllegalArgumentException("a question pool needs one paraphrase family or more");
        }
        for (int family = 0; family < this.families.size(); family++) {
            List<String> wordings = this.families.get(family);
            if (wordings.size() < 2) {
                throw new IllegalArgumentException("paraphrase family " + family + " needs two wordings or more, got " + wordings);
            }
            for (String wording : wordings) {
                if (familyByQuestion.putIfAbsent(wording, family) != null) {
                    throw new IllegalArgumentException("the question is in the pool twice: " + wording);
                }
            }
        }
        for (String question : this.uniqueQuestions) {
            if (familyByQuestion.putIfAbsent(question, -1) != null) {
                throw new IllegalArgumentException("the question is in the pool twice: " + question);
            }
        }
    }

    /**
     * A pool of the given questions.
     *
     * @param families the paraphrase families, most popular first, each two wordings or more; one family or more
     * @param uniqueQuestions questions that belong to no family
     * @return the pool
     * @throws IllegalArgumentException if a family has fewer than two wordings or a text is given twice
     */
    public static QuestionPool of(List<List<String>> families, List<String> uniqueQuestions) {
        return new QuestionPool(families, uniqueQuestions);
    }

    /**
     * The pool that comes with the demo app: 106 hand-written families of two to four wordings of
     * everyday support, docs and sales questions, most popular first, and 1,280 unique questions about
     * weaving supplies and the shop's API, made once from templates with varied nouns (so many of them
     * differ from one another in a word or two, as real questions about different products do).
     *
     * @return the bundled pool
     */
    public static QuestionPool bundled() {
        InputStream stream = QuestionPool.class.getResourceAsStream(BUNDLED_RESOURCE);
        if (stream == null) {
            throw new IllegalStateException("the demo app's resource " + BUNDLED_RESOURCE + " is missing beside "
                    + QuestionPool.class.getName());
        }
        List<List<String>> families = new ArrayList<>();
        List<String> uniqueQuestions = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                if (node.path("family").isArray()) {
                    List<String> wordings = new ArrayList<>();
                    node.get("family").forEach(wording -> wordings.add(wording.asText()));
                    families.add(wordings);
                } else if (node.path("unique").isTextual()) {
                    uniqueQuestions.add(node.get("unique").asText());
                } else {
                    throw new IllegalStateException(BUNDLED_RESOURCE + ":" + number
                            + ": expected {\"family\": [...]} or {\"unique\": \"...\"}, got " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo app's resource " + BUNDLED_RESOURCE, e);
        }
        return new QuestionPool(families, uniqueQuestions);
    }

    /**
     * A pool from labelled question pairs, such as {@code shared/data/qqp-pairs-dev.jsonl}: one JSON
     * object a line, {@code {"a": "...", "b": "...", "duplicate": true|false}}. Each family is the two
     * questions of one duplicate pair, chosen by the seed, and no two families come from pairs linked
     * by a question they share (so no family is labelled a paraphrase of another). The unique
     * questions are the questions of the non-duplicate pairs that are in no duplicate pair. Questions
     * are told apart ignoring case, punctuation and spacing.
     *
     * @param pairsJsonl the pairs
     * @param families how many families, 1 or more
     * @param seed which families
     * @return the pool
     * @throws IllegalArgumentException if a line is not such an object, or the file has fewer
     *     unrelated duplicate pairs than {@code families}
     * @throws UncheckedIOException if the file cannot be read
     */
    public static QuestionPool fromQqp(Path pairsJsonl, int families, long seed) {
        QuestionPairs pairs = QuestionPairs.read(pairsJsonl);
        return new QuestionPool(pairs.families(families, seed), pairs.uniqueQuestions());
    }

    /** @return how many paraphrase families; they are numbered from 0, the most popular first */
    public int families() {
        return families.size();
    }

    /**
     * @param family a family, from 0 to {@code families() - 1}
     * @return its wordings, two or more
     */
    public List<String> wordings(int family) {
        return families.get(family);
    }

    /** @return the questions that belong to no family */
    public List<String> uniqueQuestions() {
        return uniqueQuestions;
    }

    /**
     * @param question a text
     * @return the family it is a wording of, -1 for a unique question or a text not in the pool
     */
    public int familyOf(String question) {
        return familyByQuestion.getOrDefault(question, -1);
    }
}
