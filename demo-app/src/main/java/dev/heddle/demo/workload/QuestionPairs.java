package dev.heddle.demo.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * Labelled question pairs, such as those of the Quora Question Pairs corpus, read from JSONL, with
 * the duplicate pairs grouped by the questions they share: if a is a duplicate of b and b of c, the
 * pairs (a, b) and (b, c) are in one group.
 */
final class QuestionPairs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NOT_WORDS = Pattern.compile("[\\p{Punct}\\s]+");

    private record Pair(String a, String b) {
    }

    private final Path file;
    private final Map<String, List<Pair>> duplicateGroups;
    private final List<String> uniqueQuestions;

    private QuestionPairs(Path file, List<Pair> duplicates, List<Pair> nonDuplicates) {
        this.file = file;
        Map<String, String> parents = new HashMap<>();
        for (Pair pair : duplicates) {
            String a = root(parents, key(pair.a()));
            String b = root(parents, key(pair.b()));
            if (!a.equals(b)) {
                parents.put(a, b);
            }
        }
        duplicateGroups = new LinkedHashMap<>();
        for (Pair pair : duplicates) {
            if (!key(pair.a()).equals(key(pair.b()))) {
                duplicateGroups.computeIfAbsent(root(parents, key(pair.a())), group -> new ArrayList<>()).add(pair);
            }
        }
        Map<String, String> uniqueByKey = new LinkedHashMap<>();
        for (Pair pair : nonDuplicates) {
            for (String question : List.of(pair.a(), pair.b())) {
                if (!parents.containsKey(key(question))) {
                    uniqueByKey.putIfAbsent(key(question), question);
                }
            }
        }
        uniqueQuestions = List.copyOf(uniqueByKey.values());
    }

    /**
     * Reads the pairs; lines with an empty question are left out.
     *
     * @param file one {@code {"a": "...", "b": "...", "duplicate": true|false}} a line
     * @return the pairs
     * @throws IllegalArgumentException if a line is not such an object
     * @throws UncheckedIOException if the file cannot be read
     */
    static QuestionPairs read(Path file) {
        List<Pair> duplicates = new ArrayList<>();
        List<Pair> nonDuplicates = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = parse(file, number, line);
                if (!node.path("a").isTextual() || !node.path("b").isTextual() || !node.path("duplicate").isBoolean()) {
                    throw new IllegalArgumentException(file + ":" + number
                            + ": expected {\"a\": \"...\", \"b\": \"...\", \"duplicate\": true|false}, got " + line);
                }
                Pair pair = new Pair(node.get("a").asText().strip(), node.get("b").asText().strip());
                if (!key(pair.a()).isEmpty() && !key(pair.b()).isEmpty()) {
                    (node.get("duplicate").asBoolean() ? duplicates : nonDuplicates).add(pair);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the question pairs in " + file, e);
        }
        return new QuestionPairs(file, duplicates, nonDuplicates);
    }

    /**
     * Two-question families: one duplicate pair from each of {@code count} groups chosen by the seed.
     *
     * @param count how many, 1 or more
     * @param seed which groups, and which pair of each
     * @return the families
     * @throws IllegalArgumentException if there are fewer groups
     */
    List<List<String>> families(int count, long seed) {
        if (count < 1 || count > duplicateGroups.size()) {
            throw new IllegalArgumentException("asked for " + count + " paraphrase families, but " + file + " has "
                    + duplicateGroups.size() + " groups of duplicate pairs that share no question; ask for 1 to "
                    + duplicateGroups.size());
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<List<Pair>> groups = new ArrayList<>(duplicateGroups.values());
        Collections.shuffle(groups, new Random(random.nextLong()));
        List<List<String>> families = new ArrayList<>();
        for (List<Pair> group : groups.subList(0, count)) {
            Pair pair = group.get(random.nextInt(group.size()));
            families.add(List.of(pair.a(), pair.b()));
        }
        return families;
    }

    /** @return the questions of the non-duplicate pairs that are in no duplicate pair, once each, in file order */
    List<String> uniqueQuestions() {
        return uniqueQuestions;
    }

    private static JsonNode parse(Path file, int number, String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ":" + number + ": not JSON (" + e.getOriginalMessage() + "): " + line, e);
        }
    }

    private static String key(String question) {
        return NOT_WORDS.matcher(question.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }

    private static String root(Map<String, String> parents, String key) {
        parents.putIfAbsent(key, key);
        String root = key;
        while (!parents.get(root).equals(root)) {
            parents.put(root, parents.get(parents.get(root)));
            root = parents.get(root);
        }
        return root;
    }
}
