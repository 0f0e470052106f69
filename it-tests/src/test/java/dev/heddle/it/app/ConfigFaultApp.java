package dev.heddle.it.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.management.ObjectName;

/**
 * An app that a test drives line by line on stdin while it breaks Heddle's YAML file in every way a
 * file can break; it reads the agent's state only through JMX, as an operator's client would. It
 * answers the k-th command with the line {@code reply.<k>=<answer>}. Commands:
 * <ul>
 *   <li>{@code GREET <name>}: calls {@link Greeter#greet(String)} and prints
 *       {@code <answer> runs=<how often the method body ran so far>};</li>
 *   <li>{@code VERSION <v>}: waits (at most 20 s) until the MBean shows configuration version v;</li>
 *   <li>{@code PROBLEM <text>}: waits (at most 20 s) until the MBean's last reload is rejected with a
 *       problem that contains the text, and prints that problem;</li>
 *   <li>{@code ERRORS}: prints the MBean's {@code InternalErrors};</li>
 *   <li>{@code QUIT}: exits.</li>
 * </ul>
 */
public final class ConfigFaultApp {

    private static final ObjectName HEDDLE = objectName();

    private ConfigFaultApp() {
    }

    /** An app method that a rule caches. */
    public static final class Greeter {
        static final AtomicInteger RUNS = new AtomicInteger();

        /**
         * @param name whom to greet
         * @return the greeting
         */
        public String greet(String name) {
            RUNS.incrementAndGet();
            return "hello " + name;
        }
    }

    public static void main(String[] args) throws Exception {
        Greeter greeter = new Greeter();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("READY");
        System.out.flush();
        int replies = 0;
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            String[] command = line.split(" ", 2);
            String answer = switch (command[0]) {
                case "GREET" -> greeter.greet(command[1]) + " runs=" + Greeter.RUNS.get();
                case "VERSION" -> String.valueOf(await("ConfigVersion", value -> value.toString().equals(command[1])));
                case "PROBLEM" -> problem(command[1]);
                case "ERRORS" -> String.valueOf(ManagementFactory.getPlatformMBeanServer().getAttribute(HEDDLE, "InternalErrors"));
                case "QUIT" -> null;
                default -> "unknown " + line;
            };
            if (answer == null) break;
            System.out.println("reply." + ++replies + "=" + answer);
            System.out.flush();
        }
    }

    private static String problem(String text) throws Exception {
        Object problems = await("LastReloadProblems", value -> Arrays.stream((String[]) value).anyMatch(p -> p.contains(text)));
        if (!(problems instanceof String[] found)) return String.valueOf(problems);
        return Arrays.stream(found).filter(p -> p.contains(text)).findFirst().orElseThrow();
    }

    private static Object await(String attribute, Predicate<Object> until) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        Object value = null;
        while (System.nanoTime() < deadline) {
            if (ManagementFactory.getPlatformMBeanServer().isRegistered(HEDDLE)) {
                value = ManagementFactory.getPlatformMBeanServer().getAttribute(HEDDLE, attribute);
                if (until.test(value)) return value;
            }
            Thread.sleep(50);
        }
        return "timed out at " + (value instanceof String[] array ? Arrays.toString(array) : value);
    }

    private static ObjectName objectName() {
        try {
            return new ObjectName("dev.heddle:type=Heddle");
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
