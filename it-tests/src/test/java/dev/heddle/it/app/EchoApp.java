package dev.heddle.it.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A child for the harness's own tests: prints its arguments and an environment variable, prints a
 * line to stderr, then either echoes stdin lines until {@code EXIT <code>}, or with {@code --sleep}
 * sleeps forever, or with {@code --exit <code>} exits at once.
 */
public final class EchoApp {

    private EchoApp() {
    }

    /**
     * Runs the child.
     *
     * @param args {@code --exit <code>}, {@code --sleep}, or anything else to echo stdin
     * @throws Exception never on purpose
     */
    public static void main(String[] args) throws Exception {
        Out.print("args", String.join(" ", args));
        Out.print("env.HEDDLE_IT_PROBE", System.getenv("HEDDLE_IT_PROBE"));
        Out.print("env.HEDDLE_CONFIG", System.getenv("HEDDLE_CONFIG"));
        System.err.println("hello on stderr");
        if (args.length == 2 && args[0].equals("--exit")) {
            System.exit(Integer.parseInt(args[1]));
        }
        if (args.length == 1 && args[0].equals("--sleep")) {
            Thread.sleep(Long.MAX_VALUE);
        }
        echoUntilExit();
    }

    private static void echoUntilExit() throws IOException {
        System.out.println("READY");
        System.out.flush();
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = stdin.readLine()) != null) {
            if (line.startsWith("EXIT ")) {
                System.exit(Integer.parseInt(line.substring(5)));
            }
            Out.print("echo", line);
        }
    }
}
