package dev.heddle.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ArgumentKeyTest {

    private record Question(String text, int priority, List<String> tags) {
    }

    private record OtherQuestion(String text, int priority, List<String> tags) {
    }

    private record Envelope(Question question, Optional<String> user) {
    }

    private record Holder(Object payload) {
    }

    private enum Tone { FRIENDLY, FORMAL }

    private enum Mood { FRIENDLY }

    private enum Model {
        SMALL {
            @Override
            int size() {
                return 1;
            }
        },
        LARGE {
            @Override
            int size() {
                return 2;
            }
        };

        abstract int size();
    }

    private static final class Plain {
        final String value;

        Plain(String value) {
            this.value = value;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Plain plain && plain.value.equals(value);
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }
    }

    private static String key(Object... arguments) throws UnkeyableArgumentException {
        StringBuilder key = new StringBuilder();
        ArgumentKey.append(key, arguments);
        return key.toString();
    }

    // ---- equal values give equal keys

    @Test
    void equalStringsThatAreDifferentInstancesGiveTheSameKey() throws Exception {
        String first = new String("what is heddle?");
        String second = new String("what is heddle?");
        assertThat(first).isNotSameAs(second);
        assertThat(key(first)).isEqualTo(key(second));
    }

    @Test
    void equalRecordsThatAreDifferentInstancesGiveTheSameKey() throws Exception {
        Question first = new Question(new String("hi"), 2, new ArrayList<>(List.of("a", "b")));
        Question second = new Question(new String("hi"), 2, List.of("a", "b"));
        assertThat(key(first)).isEqualTo(key(second));
    }

    @Test
    void equalNestedRecordsWithOptionalsGiveTheSameKey() throws Exception {
        Envelope first = new Envelope(new Question("hi", 1, List.of()), Optional.of(new String("ann")));
        Envelope second = new Envelope(new Question("hi", 1, List.of()), Optional.of("ann"));
        assertThat(key(first)).isEqualTo(key(second));
    }

    @Test
    void equalListsOfDifferentImplementationsGiveTheSameKey() throws Exception {
        List<Object> arrayList = new ArrayList<>(List.of("a", 1, 2L));
        List<Object> immutable = List.of("a", 1, 2L);
        List<Object> fixed = Arrays.asList("a", 1, 2L);
        assertThat(key(arrayList)).isEqualTo(key(immutable)).isEqualTo(key(fixed));
    }

    @Test
    void theSameArgumentsGiveTheSameKeyEveryTime() throws Exception {
        Object[] arguments = {"q", 1, List.of("x"), Map.of("k", "v")};
        assertThat(key(arguments)).isEqualTo(key(arguments.clone()));
    }

    // ---- different values give different keys

    @Test
    void differentStringsGiveDifferentKeys() throws Exception {
        assertThat(key("hello")).isNotEqualTo(key("hellO"));
        assertThat(key("")).isNotEqualTo(key((Object) null));
    }

    @Test
    void recordsThatDifferInOneComponentGiveDifferentKeys() throws Exception {
        Question base = new Question("hi", 1, List.of("a"));
        assertThat(key(base)).isNotEqualTo(key(new Question("ho", 1, List.of("a"))));
        assertThat(key(base)).isNotEqualTo(key(new Question("hi", 2, List.of("a"))));
        assertThat(key(base)).isNotEqualTo(key(new Question("hi", 1, List.of("b"))));
    }

    @Test
    void recordsOfDifferentTypesWithEqualComponentsGiveDifferentKeys() throws Exception {
        assertThat(key(new Question("hi", 1, List.of())))
                .isNotEqualTo(key(new OtherQuestion("hi", 1, List.of())));
    }

    @Test
    void listsThatDifferInOrderGiveDifferentKeys() throws Exception {
        assertThat(key(List.of("a", "b"))).isNotEqualTo(key(List.of("b", "a")));
    }

    @Test
    void aListAndASetWithTheSameElementsGiveDifferentKeys() throws Exception {
        assertThat(key(List.of("a"))).isNotEqualTo(key(Set.of("a")));
    }

    // ---- order and boundaries

    @Test
    void argumentOrderIsPartOfTheKey() throws Exception {
        assertThat(key("a", "b")).isNotEqualTo(key("b", "a"));
        assertThat(key(1, "1")).isNotEqualTo(key("1", 1));
    }

    @Test
    void theBoundaryBetweenStringArgumentsIsPartOfTheKey() throws Exception {
        assertThat(key("ab", "c")).isNotEqualTo(key("a", "bc"));
        assertThat(key("abc")).isNotEqualTo(key("ab", "c"));
        assertThat(key(List.of("ab", "c"))).isNotEqualTo(key(List.of("a", "bc")));
    }

    @Test
    void theBoundaryBetweenListsIsPartOfTheKey() throws Exception {
        assertThat(key(List.of("a", "b"), List.of("c"))).isNotEqualTo(key(List.of("a"), List.of("b", "c")));
        assertThat(key(List.of(List.of("a"), "b"))).isNotEqualTo(key(List.of(List.of("a", "b"))));
    }

    @Test
    void theNumberOfArgumentsIsPartOfTheKey() throws Exception {
        assertThat(key()).isNotEqualTo(key((Object) null));
        assertThat(key((Object) null)).isNotEqualTo(key(null, null));
    }

    @Test
    void numbersOfDifferentTypesWithTheSameDigitsGiveDifferentKeys() throws Exception {
        List<String> keys = List.of(key(1), key(1L), key("1"), key((short) 1), key((byte) 1), key(1.0d), key(1.0f),
                key('1'), key(BigInteger.ONE), key(BigDecimal.ONE));
        assertThat(keys).doesNotHaveDuplicates();
    }

    @Test
    void booleansAreKeyedByValue() throws Exception {
        assertThat(key(true)).isEqualTo(key(Boolean.valueOf("true")));
        assertThat(key(true)).isNotEqualTo(key(false));
        assertThat(key(true)).isNotEqualTo(key("true"));
    }

    @Test
    void negativeNumbersAreDistinguishedFromPositiveOnes() throws Exception {
        assertThat(key(-1)).isNotEqualTo(key(1));
        assertThat(key(-0.0d)).isNotEqualTo(key(0.0d));
        assertThat(key(Double.NaN)).isEqualTo(key(0.0d / 0.0d));
    }

    // ---- sets and maps: content, not iteration order

    @Test
    void setsWithTheSameElementsInADifferentIterationOrderGiveTheSameKey() throws Exception {
        Set<String> hashed = new HashSet<>(List.of("pear", "apple", "fig", "kiwi", "banana"));
        Set<String> insertionOrdered = new LinkedHashSet<>(List.of("kiwi", "banana", "pear", "fig", "apple"));
        Set<String> reversed = new LinkedHashSet<>(List.of("apple", "fig", "pear", "banana", "kiwi"));
        assertThat(key(hashed)).isEqualTo(key(insertionOrdered)).isEqualTo(key(reversed));
    }

    @Test
    void setsWithDifferentElementsGiveDifferentKeys() throws Exception {
        assertThat(key(Set.of("a", "b"))).isNotEqualTo(key(Set.of("a", "c")));
        assertThat(key(Set.of("a", "b"))).isNotEqualTo(key(Set.of("a")));
    }

    @Test
    void mapsWithTheSameEntriesInADifferentIterationOrderGiveTheSameKey() throws Exception {
        Map<String, Integer> sorted = new TreeMap<>(Map.of("zeta", 1, "alpha", 2, "mu", 3));
        Map<String, Integer> hashed = new HashMap<>();
        hashed.put("mu", 3);
        hashed.put("zeta", 1);
        hashed.put("alpha", 2);
        assertThat(key(sorted)).isEqualTo(key(hashed)).isEqualTo(key(Map.of("alpha", 2, "mu", 3, "zeta", 1)));
    }

    @Test
    void mapsThatDifferInAValueOrInWhichSideAStringSitsGiveDifferentKeys() throws Exception {
        assertThat(key(Map.of("a", 1))).isNotEqualTo(key(Map.of("a", 2)));
        assertThat(key(Map.of("ab", "c"))).isNotEqualTo(key(Map.of("a", "bc")));
        assertThat(key(Map.of("a", "b"))).isNotEqualTo(key(Map.of("b", "a")));
    }

    // ---- enums, optionals, arrays, java.time, BigDecimal, null

    @Test
    void enumsAreKeyedByTypeAndName() throws Exception {
        assertThat(key(Tone.FRIENDLY)).isEqualTo(key(Tone.valueOf("FRIENDLY")));
        assertThat(key(Tone.FRIENDLY)).isNotEqualTo(key(Tone.FORMAL));
        assertThat(key(Tone.FRIENDLY)).isNotEqualTo(key(Mood.FRIENDLY));
        assertThat(key(Tone.FRIENDLY)).isNotEqualTo(key("FRIENDLY"));
    }

    @Test
    void enumConstantsWithABodyAreKeyedByTheirEnumType() throws Exception {
        assertThat(Model.SMALL.getClass()).isNotEqualTo(Model.class);
        assertThat(key(Model.SMALL)).isEqualTo(key(Model.valueOf("SMALL")));
        assertThat(key(Model.SMALL)).contains(Model.class.getName()).doesNotContain(Model.SMALL.getClass().getName());
        assertThat(key(Model.SMALL)).isNotEqualTo(key(Model.LARGE));
    }

    @Test
    void setsOfRecordsAreKeyedByContent() throws Exception {
        Set<Question> first = new LinkedHashSet<>(List.of(new Question("a", 1, List.of()), new Question("b", 2, List.of())));
        Set<Question> second = new LinkedHashSet<>(List.of(new Question("b", 2, List.of()), new Question("a", 1, List.of())));
        assertThat(key(first)).isEqualTo(key(second));
        assertThat(key(first)).isNotEqualTo(key(Set.of(new Question("a", 1, List.of()))));
    }

    @Test
    void optionalsAreKeyedByTheirContent() throws Exception {
        assertThat(key(Optional.of(new String("x")))).isEqualTo(key(Optional.of("x")));
        assertThat(key(Optional.of("x"))).isNotEqualTo(key(Optional.of("y")));
        assertThat(key(Optional.empty())).isNotEqualTo(key((Object) null));
        assertThat(key(Optional.of("x"))).isNotEqualTo(key("x"));
    }

    @Test
    void primitiveArraysAreKeyedByContent() throws Exception {
        assertThat(key((Object) new int[] {1, 2, 3})).isEqualTo(key((Object) new int[] {1, 2, 3}));
        assertThat(key((Object) new int[] {1, 2, 3})).isNotEqualTo(key((Object) new int[] {3, 2, 1}));
        assertThat(key((Object) new int[] {1})).isNotEqualTo(key((Object) new long[] {1}));
        assertThat(key((Object) new byte[] {1, 2})).isEqualTo(key((Object) new byte[] {1, 2}));
        assertThat(key((Object) new byte[0])).isNotEqualTo(key((Object) new byte[] {0}));
    }

    @Test
    void objectArraysAreKeyedByContentAndComponentType() throws Exception {
        assertThat(key((Object) new String[] {"a", "b"})).isEqualTo(key((Object) new String[] {"a", "b"}));
        assertThat(key((Object) new String[] {"ab"})).isNotEqualTo(key((Object) new String[] {"a", "b"}));
        assertThat(key((Object) new Integer[] {1})).isNotEqualTo(key((Object) new int[] {1}));
        assertThat(key((Object) new String[] {"a"})).isNotEqualTo(key(List.of("a")));
    }

    @Test
    void javaTimeValuesAreKeyedByValue() throws Exception {
        assertThat(key(LocalDate.of(2024, 2, 29))).isEqualTo(key(LocalDate.parse("2024-02-29")));
        assertThat(key(LocalDate.of(2024, 2, 29))).isNotEqualTo(key(LocalDate.of(2024, 3, 1)));
        assertThat(key(Instant.ofEpochSecond(10))).isEqualTo(key(Instant.parse("1970-01-01T00:00:10Z")));
        assertThat(key(Duration.ofMinutes(1))).isEqualTo(key(Duration.ofSeconds(60)));
        assertThat(key(Duration.ofMinutes(1))).isNotEqualTo(key(Duration.ofMinutes(2)));
        LocalDateTime noon = LocalDateTime.of(2024, 1, 1, 12, 0);
        assertThat(key(ZonedDateTime.of(noon, ZoneId.of("Europe/Paris"))))
                .isEqualTo(key(ZonedDateTime.of(noon, ZoneId.of("Europe/Paris"))))
                .isNotEqualTo(key(ZonedDateTime.of(noon, ZoneId.of("Europe/London"))));
        assertThat(key(LocalDate.of(2024, 1, 1))).isNotEqualTo(key("2024-01-01"));
    }

    @Test
    void bigDecimalsAreKeyedByValue() throws Exception {
        assertThat(key(new BigDecimal("12.50"))).isEqualTo(key(new BigDecimal("12.50")));
        assertThat(key(new BigDecimal("12.50"))).isNotEqualTo(key(new BigDecimal("12.51")));
        assertThat(key(new BigDecimal("12.50"))).isNotEqualTo(key("12.50"));
    }

    @Test
    void uuidsAreKeyedByValue() throws Exception {
        UUID id = UUID.randomUUID();
        assertThat(key(id)).isEqualTo(key(UUID.fromString(id.toString())));
        assertThat(key(id)).isNotEqualTo(key(id.toString()));
    }

    @Test
    void nullArgumentsAreAcceptedAndKeepTheirPosition() throws Exception {
        assertThat(key(null, "a")).isEqualTo(key(null, "a"));
        assertThat(key(null, "a")).isNotEqualTo(key("a", null));
        assertThat(key(Arrays.asList("a", null))).isNotEqualTo(key(List.of("a")));
        assertThat(key("null")).isNotEqualTo(key((Object) null));
    }

    // ---- refused arguments

    @Test
    void anArbitraryObjectIsRefused() {
        assertThatThrownBy(() -> key(new Object())).isInstanceOf(UnkeyableArgumentException.class);
    }

    @Test
    void aPlainClassIsRefusedEvenWhenItDefinesEquals() {
        assertThatThrownBy(() -> key("fine", new Plain("x")))
                .isInstanceOf(UnkeyableArgumentException.class)
                .hasMessageContaining(Plain.class.getName());
    }

    @Test
    void anUnkeyableObjectInsideACollectionIsRefused() {
        assertThatThrownBy(() -> key(List.of(new Object()))).isInstanceOf(UnkeyableArgumentException.class);
        assertThatThrownBy(() -> key(Set.of(new Object()))).isInstanceOf(UnkeyableArgumentException.class);
        assertThatThrownBy(() -> key(Map.of("k", new Object()))).isInstanceOf(UnkeyableArgumentException.class);
        assertThatThrownBy(() -> key(Map.of(new Object(), "v"))).isInstanceOf(UnkeyableArgumentException.class);
        assertThatThrownBy(() -> key((Object) new Object[] {"a", new Object()}))
                .isInstanceOf(UnkeyableArgumentException.class);
        assertThatThrownBy(() -> key(Optional.of(new Object()))).isInstanceOf(UnkeyableArgumentException.class);
    }

    @Test
    void aCyclicListIsRefusedInsteadOfOverflowingTheStack() {
        List<Object> cyclic = new ArrayList<>();
        cyclic.add("start");
        cyclic.add(cyclic);
        assertThatThrownBy(() -> key(cyclic)).isInstanceOf(UnkeyableArgumentException.class);
    }

    @Test
    void aCyclicArrayIsRefusedInsteadOfOverflowingTheStack() {
        Object[] cyclic = new Object[1];
        cyclic[0] = cyclic;
        assertThatThrownBy(() -> key((Object) cyclic)).isInstanceOf(UnkeyableArgumentException.class);
    }

    @Test
    void nestingUpToTheLimitIsAcceptedAndBeyondItRefused() throws Exception {
        Object withinLimit = "leaf";
        for (int i = 0; i < ArgumentKey.MAX_DEPTH; i++) withinLimit = List.of(withinLimit);
        assertThat(key(withinLimit)).contains("leaf");

        Object beyondLimit = List.of(withinLimit);
        assertThatThrownBy(() -> key(beyondLimit)).isInstanceOf(UnkeyableArgumentException.class);
    }

    @Test
    void aRecordContainingAnUnkeyableComponentIsRefused() {
        assertThatThrownBy(() -> key(new Holder(new Object()))).isInstanceOf(UnkeyableArgumentException.class);
    }

    @Test
    void aRecordContainingOnlyKeyableComponentsIsAccepted() throws Exception {
        assertThat(key(new Holder("text"))).isEqualTo(key(new Holder(new String("text"))));
        assertThat(key(new Holder("text"))).isNotEqualTo(key(new Holder(1)));
    }

    /** A node shared by both branches on every level: 2^30 paths, but only 30 distinct nodes. */
    record Node(Node left, Node right) {

        static Node sharedTree(int levels) {
            Node node = null;
            for (int i = 0; i < levels; i++) node = new Node(node, node);
            return node;
        }
    }

    @Test
    void aGraphThatSharesOneNodeOnEveryLevelIsRefusedInsteadOfWalkedForEver() throws Exception {
        // the control: a few levels of the same shape are keyed
        assertThat(ArgumentKey.encode(Node.sharedTree(5))).startsWith("R");

        assertThatThrownBy(() -> ArgumentKey.encode(Node.sharedTree(30)))
                .isInstanceOf(UnkeyableArgumentException.class).hasMessageContaining("longer than " + ArgumentKey.MAX_KEY_CHARS);
    }

    @Test
    void aSetOrMapWhoseEntriesTogetherExceedTheKeyLimitIsRefused() throws Exception {
        Set<String> manySmall = new HashSet<>();
        Map<Integer, String> manyEntries = new HashMap<>();
        for (int i = 0; i < 30_000; i++) {
            manySmall.add("element " + i);
            manyEntries.put(i, "value " + i);
        }

        assertThat(ArgumentKey.encode(Set.of("a", "b"))).isNotEmpty();
        assertThatThrownBy(() -> ArgumentKey.encode(manySmall)).isInstanceOf(UnkeyableArgumentException.class);
        assertThatThrownBy(() -> ArgumentKey.encode(manyEntries)).isInstanceOf(UnkeyableArgumentException.class);
    }
}
