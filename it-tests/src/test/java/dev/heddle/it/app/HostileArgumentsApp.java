package dev.heddle.it.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An app that hands a cached method arguments that cannot be keyed, or can be keyed only with care,
 * three times each, and prints for each case what it got and how often the method really ran:
 * {@code <case>.results} (the three answers) and {@code <case>.runs}. Then {@code done=true}.
 *
 * <ul>
 *   <li>{@code opaque}: an object without {@code equals} (a new, equal-looking instance each time);</li>
 *   <li>{@code selfReference}: a list that contains itself;</li>
 *   <li>{@code sharedGraph}: a record graph 30 levels deep whose every node is both children of its
 *       parent, so 2^30 paths;</li>
 *   <li>{@code deepList}: lists nested 10,000 deep;</li>
 *   <li>{@code hugeList}: a list of 200,000 strings (about 2.8 million characters);</li>
 *   <li>{@code nullArgument}, {@code nullPair}, {@code nullComponents} (a record, a list and a map
 *       holding nulls): nulls everywhere;</li>
 *   <li>{@code surrogates}: "a" followed by the unpaired surrogate U+D800, "a" followed by U+DBFF,
 *       and "a?", which UTF-8 encoding would make equal, one call each.</li>
 * </ul>
 */
public final class HostileArgumentsApp {

    /** A value class without {@code equals}: two instances are never equal. */
    static final class Opaque {
        private final int id;

        Opaque(int id) {
            this.id = id;
        }

        @Override
        public String toString() {
            return "Opaque " + id;
        }
    }

    /** A node of the shared graph. */
    record Node(Node left, Node right) {
    }

    private HostileArgumentsApp() {
    }

    public static void main(String[] args) {
        AnyArgumentLookup lookup = new AnyArgumentLookup();
        thrice("opaque", AnyArgumentLookup.DESCRIBE_RUNS, () -> lookup.describe(new Opaque(7)));
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        thrice("selfReference", AnyArgumentLookup.DESCRIBE_RUNS, () -> lookup.describe(cyclic));
        thrice("sharedGraph", AnyArgumentLookup.DESCRIBE_RUNS, () -> lookup.describe(sharedGraph(30)));
        thrice("deepList", AnyArgumentLookup.DESCRIBE_RUNS, () -> lookup.describe(deepList(10_000)));
        thrice("hugeList", AnyArgumentLookup.DESCRIBE_RUNS, () -> lookup.describe(hugeList(200_000)));
        thrice("nullArgument", AnyArgumentLookup.DESCRIBE_RUNS, () -> lookup.describe(null));
        thrice("nullPair", AnyArgumentLookup.PAIR_RUNS, () -> lookup.pair(null, null));
        thrice("nullComponents", AnyArgumentLookup.DESCRIBE_RUNS, () -> lookup.describe(List.of(
                new Question(null, 0), Arrays.asList(null, "a"), nullKeyedMap())));
        int before = AnyArgumentLookup.DESCRIBE_RUNS.get();
        Out.print("surrogates.results", String.join(" / ", lookup.describe("a\uD800"), lookup.describe("a\uDBFF"),
                lookup.describe("a?")));
        Out.print("surrogates.runs", AnyArgumentLookup.DESCRIBE_RUNS.get() - before);
        Out.print("done", true);
    }

    private static void thrice(String label, java.util.concurrent.atomic.AtomicInteger runs, Supplier<String> call) {
        int before = runs.get();
        List<String> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try {
                results.add(call.get());
            } catch (RuntimeException | Error e) {
                results.add("threw " + e.getClass().getName());
            }
        }
        Out.print(label + ".results", String.join(" / ", results));
        Out.print(label + ".runs", runs.get() - before);
    }

    private static Node sharedGraph(int levels) {
        Node node = null;
        for (int i = 0; i < levels; i++) node = new Node(node, node);
        return node;
    }

    private static List<Object> deepList(int depth) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            List<Object> outer = new ArrayList<>();
            outer.add(list);
            list = outer;
        }
        return list;
    }

    private static List<String> hugeList(int size) {
        List<String> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) list.add("element " + i);
        return list;
    }

    private static Map<String, String> nullKeyedMap() {
        Map<String, String> map = new HashMap<>();
        map.put(null, null);
        map.put("k", null);
        return map;
    }
}
