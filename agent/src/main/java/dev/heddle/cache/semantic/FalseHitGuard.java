package dev.heddle.cache.semantic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cheap second opinion on a semantic hit. Sentence embeddings score small edits that change the
 * meaning as near-identical ("convert 10 miles to km" and "convert 10 km to miles" are 0.98 apart
 * with MiniLM), so a candidate whose similarity passes the threshold must also agree with the
 * question on what those models are blind to:
 * <ol>
 *   <li><b>numbers</b>: the same numbers, in digits or as words from two up ("one" is too often a
 *       pronoun);</li>
 *   <li><b>negation</b>: both negated or both not ({@code not}, {@code n't}, {@code never}, {@code no},
 *       {@code without}...);</li>
 *   <li><b>roles</b>: no two key terms swap places around a word both texts share ("Why do Russians
 *       dislike Poles?" is not "Why do Poles dislike Russians?"); a swap across {@code and},
 *       {@code or} or a slash is a list in another order, and is allowed;</li>
 *   <li><b>names</b>: a capitalized word inside one text (a name: a place, a product, a person)
 *       appears in the other ("rehab center in Washington County" is not "in Marshall County").</li>
 * </ol>
 * Measured on {@code qqp-pairs-dev.jsonl} (docs/caching.md): at the same false-hit rate it recalls
 * about a third more duplicates than the threshold alone. Stateless and thread-safe.
 */
public final class FalseHitGuard {

    private static final Pattern WORD = Pattern.compile("[a-z0-9]+(?:\\.[0-9]+)?");
    private static final Pattern CASED_WORD = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    /** Suffixes stripped, longest match first among those that overlap ({@code ies} before {@code es} before {@code s}). */
    private static final List<String> SUFFIXES = List.of("ing", "ies", "es", "s", "ed", "ly");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+(?:\\.[0-9]+)?");
    private static final Map<String, String> NUMBER_WORDS = Map.ofEntries(
            Map.entry("two", "2"), Map.entry("three", "3"), Map.entry("four", "4"), Map.entry("five", "5"),
            Map.entry("six", "6"), Map.entry("seven", "7"), Map.entry("eight", "8"), Map.entry("nine", "9"),
            Map.entry("ten", "10"), Map.entry("eleven", "11"), Map.entry("twelve", "12"), Map.entry("twenty", "20"),
            Map.entry("hundred", "100"), Map.entry("thousand", "1000"), Map.entry("million", "1000000"),
            Map.entry("billion", "1000000000"));
    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "cannot", "without", "none", "nobody",
            "nothing", "neither", "nor", "nowhere", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "cant",
            "couldnt", "shouldnt", "wouldnt", "wont", "havent", "hasnt", "hadnt", "aint", "mustnt");
    /** Words that join a list: terms on either side may come in any order. */
    private static final Set<String> LIST_WORDS = Set.of("and", "or", "vs", "versus", "a", "an", "the");
    /** Function words and words too common to be a key term. */
    private static final Set<String> STOP_WORDS = Set.of(("a an the is are was were be been being am do does did doing"
            + " have has had having i me my mine we us our you your he him his she her it its they them their what which"
            + " who whom whose when where why how this that these those there here of in on at by for with about against"
            + " between into through during before after above below to from up down out off over under again further then"
            + " once and but or if because as until while so than too very can could should would will shall may might"
            + " must just also some any all each every both few more most other such own same only s t get got make made"
            + " one ones thing things way ways best good really much many still even ever someone something anyone"
            + " anything people person").split(" "));

    /**
     * @param question the new request's text
     * @param cached the cached request's text, already similar enough
     * @return whether the cached answer may be served for the question
     */
    public boolean agrees(String question, String cached) {
        List<String> questionTokens = tokens(question);
        List<String> cachedTokens = tokens(cached);
        if (!numbers(questionTokens).equals(numbers(cachedTokens)) || negated(questionTokens) != negated(cachedTokens)) {
            return false;
        }
        List<String> questionWords = stemmed(questionTokens);
        List<String> cachedWords = stemmed(cachedTokens);
        return !rolesSwapped(questionWords, cachedWords)
                && namesShared(question, cachedWords) && namesShared(cached, questionWords);
    }

    /** Lower-cased words and numbers, {@code n't} spelled {@code not}. */
    static List<String> tokens(String text) {
        String lower = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replace("n't", " not");
        List<String> tokens = new ArrayList<>();
        Matcher matcher = WORD.matcher(lower);
        while (matcher.find()) tokens.add(matcher.group());
        return tokens;
    }

    /** Light suffix stemming, so that "clothes" and "clothing", "Russians" and "Russian" are one term. */
    private static List<String> stemmed(List<String> tokens) {
        List<String> stems = new ArrayList<>(tokens.size());
        for (String token : tokens) stems.add(stem(token));
        return stems;
    }

    private static String stem(String word) {
        for (String suffix : SUFFIXES) {
            if (word.length() > suffix.length() + 2 && word.endsWith(suffix)) {
                return word.substring(0, word.length() - suffix.length());
            }
        }
        return word;
    }

    private static List<String> numbers(List<String> words) {
        List<String> numbers = new ArrayList<>();
        for (String word : words) {
            if (NUMBER.matcher(word).matches()) {
                numbers.add(word);
            } else if (NUMBER_WORDS.containsKey(word)) {
                numbers.add(NUMBER_WORDS.get(word));
            }
        }
        numbers.sort(null);
        return numbers;
    }

    private static boolean negated(List<String> words) {
        int negations = 0;
        for (String word : words) {
            if (NEGATIONS.contains(word)) negations++;
        }
        return negations % 2 == 1;
    }

    private static boolean isKeyTerm(String word) {
        return !STOP_WORDS.contains(word) && !NEGATIONS.contains(word) && !NUMBER.matcher(word).matches();
    }

    /** Two shared key terms in opposite orders, with a shared word (not a list word) between them in both. */
    private static boolean rolesSwapped(List<String> question, List<String> cached) {
        Map<String, Integer> inQuestion = firstPositions(question);
        Map<String, Integer> inCached = firstPositions(cached);
        List<String> keys = new ArrayList<>();
        List<String> pivots = new ArrayList<>();
        for (String word : inQuestion.keySet()) {
            if (!inCached.containsKey(word)) continue;
            if (isKeyTerm(word)) keys.add(word);
            if (!LIST_WORDS.contains(word)) pivots.add(word);
        }
        for (int i = 0; i < keys.size(); i++) {
            for (int j = i + 1; j < keys.size(); j++) {
                String first = keys.get(i);
                String second = keys.get(j);
                int questionOrder = Integer.compare(inQuestion.get(first), inQuestion.get(second));
                int cachedOrder = Integer.compare(inCached.get(first), inCached.get(second));
                if (questionOrder * cachedOrder >= 0) continue;
                for (String pivot : pivots) {
                    if (pivot.equals(first) || pivot.equals(second)) continue;
                    if (between(inQuestion, pivot, first, second) && between(inCached, pivot, first, second)) return true;
                }
            }
        }
        return false;
    }

    private static Map<String, Integer> firstPositions(List<String> words) {
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < words.size(); i++) positions.putIfAbsent(words.get(i), i);
        return positions;
    }

    private static boolean between(Map<String, Integer> positions, String pivot, String first, String second) {
        int at = positions.get(pivot);
        int low = Math.min(positions.get(first), positions.get(second));
        int high = Math.max(positions.get(first), positions.get(second));
        return low < at && at < high;
    }

    /** Every capitalized word of {@code text} but its first (and "I") appears, in any case, among the other's words. */
    private static boolean namesShared(String text, List<String> otherWords) {
        Set<String> other = new HashSet<>(otherWords);
        Matcher matcher = CASED_WORD.matcher(text);
        boolean first = true;
        while (matcher.find()) {
            String word = matcher.group();
            boolean name = !first && !word.equals("I") && Character.isUpperCase(word.charAt(0));
            first = false;
            if (name && !other.contains(stem(word.toLowerCase(Locale.ROOT)))) return false;
        }
        return true;
    }
}
