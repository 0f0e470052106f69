package dev.heddle.agent;

import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The {@code Main-Class} of {@code heddle-agent.jar}: {@code java -jar heddle-agent.jar check heddle.yaml},
 * {@code java -jar heddle-agent.jar calibrate pairs.jsonl --max-false-hits 1%}, and
 * {@code java -jar heddle-agent.jar report heddle-events --funnel page_view,query_submitted}. and
 * {@code java -jar heddle-agent.jar report events/}.
 *
 * <p>Like {@link HeddleAgent}, it only lays out the tiers: it runs the command inside Heddle's own
 * {@link AgentClassLoader}, where the configuration reader and the relocated Byte Buddy live, and
 * reaches it by name. It installs no agent and weaves nothing.
 */
public final class HeddleCli {

    private static final String CHECK = "dev.heddle.check.ConfigCheck";
    private static final String CALIBRATE = "dev.heddle.calibrate.Calibration";
    private static final String REPORT = "dev.heddle.report.ReportCommand";
    /** The check itself failed; the same status as {@code ConfigCheck.FAILED}. */
    private static final int FAILED = 3;

    private HeddleCli() {
    }

    /**
     * @param args the command line, such as {@code check heddle.yaml --classpath app.jar}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    private static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            File jar = HeddleAgent.agentJar();
            // the launcher's loader holds this jar, so the bridge classes the implementation links against
            ClassLoader heddle = new AgentClassLoader(jar, HeddleCli.class.getClassLoader());
            String name = args.length > 0 ? args[0] : "";
            String command = name.equals("calibrate") ? CALIBRATE : name.equals("report") ? REPORT : CHECK;
            Method run = heddle.loadClass(command).getMethod("run", String[].class, PrintStream.class, PrintStream.class);
            return (int) run.invoke(null, args, out, err);
        } catch (InvocationTargetException failure) {
            err.println("heddle: the command failed: " + failure.getCause());
            return FAILED;
        } catch (Exception | LinkageError failure) {
            err.println("heddle: the command could not start: " + failure);
            return FAILED;
        }
    }
}
