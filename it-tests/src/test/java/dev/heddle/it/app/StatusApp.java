package dev.heddle.it.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Makes calls that the agent counts, then holds still while the test reads the agent's status
 * endpoint:
 * <ol>
 *   <li>{@link PlainAssistant#answer(String)} (a YAML rule caches it) three times with one prompt
 *       and once with another, and {@link CachedAssistant#answer(String)} ({@code @Cached}) twice;</li>
 *   <li>waits until the agent's MBean is registered and its status endpoint, on the port given as
 *       the first argument, accepts connections on 127.0.0.1 (the agent starts both in the
 *       background); with {@value #NO_ENDPOINT} as the second argument it does not wait for the
 *       endpoint, which the test expects to be missing;</li>
 *   <li>prints what the MBean says, as {@code heddle.<attribute>=<value>}, then {@link #PAUSED},
 *       and waits for {@link #GO} on stdin;</li>
 *   <li>prints {@code done=true}.</li>
 * </ol>
 */
public final class StatusApp {

    /** Printed once the calls are made and the endpoint is up; the app then waits for {@link #GO}. */
    public static final String PAUSED = "PAUSED";
    /** What the test writes to stdin once it has read the endpoint. */
    public static final String GO = "GO";
    /** The second argument when the test expects no endpoint. */
    public static final String NO_ENDPOINT = "no-endpoint";

    private static final long WAIT_NANOS = 20_000_000_000L;

    private StatusApp() {
    }

    /**
     * Runs the app.
     *
     * @param args the status port, and optionally {@value #NO_ENDPOINT}
     * @throws Exception if the MBean cannot be read or stdin closes
     */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        PlainAssistant plain = new PlainAssistant();
        plain.answer("what is a heddle?");
        plain.answer("what is a heddle?");
        plain.answer("what is a heddle?");
        plain.answer("what is a loom?");
        CachedAssistant cached = new CachedAssistant();
        cached.answer("what is a shuttle?");
        cached.answer("what is a shuttle?");
        Out.print("plain.calls", PlainAssistant.ANSWER_CALLS.get());
        Out.print("cached.calls", CachedAssistant.ANSWER_CALLS.get());

        ObjectName heddle = new ObjectName("dev.heddle:type=Heddle");
        awaitUntil(() -> ManagementFactory.getPlatformMBeanServer().isRegistered(heddle));
        if (args.length < 2 || !args[1].equals(NO_ENDPOINT)) awaitUntil(() -> accepts(port));
        printAttributes(heddle);

        System.out.println(PAUSED);
        System.out.flush();
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (!GO.equals(line)) throw new IllegalStateException("expected " + GO + " on stdin, but read " + line);
        Out.print("done", true);
    }

    private static void printAttributes(ObjectName heddle) throws JMException {
        var server = ManagementFactory.getPlatformMBeanServer();
        Out.print("heddle.configVersion", server.getAttribute(heddle, "ConfigVersion"));
        Out.print("heddle.lastReload", server.getAttribute(heddle, "LastReload"));
        Out.print("heddle.lastReloadProblems", Arrays.toString((String[]) server.getAttribute(heddle, "LastReloadProblems")));
        Out.print("heddle.redisState", server.getAttribute(heddle, "RedisState"));
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Polls what the agent starts in the background; gives up after a while, and the test then says what it missed. */
    private static void awaitUntil(java.util.function.BooleanSupplier ready) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!ready.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
