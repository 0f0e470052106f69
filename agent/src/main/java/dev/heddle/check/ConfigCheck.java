package dev.heddle.check;

import dev.heddle.config.ConfigException;
import dev.heddle.config.ConfigLoader;
import dev.heddle.config.ConfigProblem;
import dev.heddle.config.HeddleConfig;
import dev.heddle.config.RuleConfig;
import dev.heddle.weave.WeavePreview;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar heddle-agent.jar check heddle.yaml [--classpath <app class path>]}: validates a
 * configuration as the agent would read it, prints every problem as {@code file:line:column: message},
 * and, given the app's class path, lists the methods each rule would weave. It starts no agent and
 * weaves nothing. See {@code docs/operations.md}.
 */
public final class ConfigCheck {

    /** The configuration is valid. */
    public static final int VALID = 0;
    /** The configuration has problems, each printed. */
    public static final int PROBLEMS = 1;
    /** The command line is wrong; the usage text is printed. */
    public static final int USAGE = 2;
    /** The check itself could not run to the end, such as on a class path that cannot be read. */
    public static final int FAILED = 3;

    private static final String USAGE_TEXT = String.join(System.lineSeparator(),
            "usage: java -jar heddle-agent.jar check <heddle.yaml> [--classpath <app class path>]",
            "",
            "Checks a Heddle configuration without starting the agent, and prints every problem as",
            "file:line:column: message. ${NAME} references take their values from this environment.",
            "",
            "  --classpath, -cp <entries>  also list the methods each rule and annotation would weave",
            "                              in these jars and directories, separated by '" + File.pathSeparator + "';",
            "                              dir/* stands for every jar in dir. Classes are read as files,",
            "                              never loaded: no static initialiser runs.",
            "",
            "exit status: 0 valid, 1 problems found, 2 bad usage, 3 the check itself failed");

    /** What the command line asks for. */
    private record Arguments(Path config, Optional<String> classPath) {
    }

    private ConfigCheck() {
    }

    /**
     * Runs the command. Called reflectively by {@code dev.heddle.agent.HeddleCli}, inside Heddle's own class loader.
     *
     * @param args the command line after {@code java -jar heddle-agent.jar}, starting with {@code check}
     * @param out where the result goes
     * @param err where usage errors and failures of the check itself go
     * @return the exit status: {@link #VALID}, {@link #PROBLEMS}, {@link #USAGE} or {@link #FAILED}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))
                || args.length == 2 && args[0].equals("check") && (args[1].equals("--help") || args[1].equals("-h"))) {
            out.println(USAGE_TEXT);
            return VALID;
        }
        Optional<Arguments> arguments = parse(args, err);
        if (arguments.isEmpty()) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        return check(arguments.get(), out, err);
    }

    private static Optional<Arguments> parse(String[] args, PrintStream err) {
        if (args.length == 0) return Optional.empty();
        if (!args[0].equals("check")) {
            err.println("unknown command '" + args[0] + "'; the commands are check, calibrate and report");
            return Optional.empty();
        }
        Path config = null;
        String classPath = null;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--classpath") || arg.equals("-cp")) {
                if (i + 1 == args.length) {
                    err.println(arg + " needs a class path");
                    return Optional.empty();
                }
                classPath = args[++i];
            } else if (arg.startsWith("--classpath=")) {
                classPath = arg.substring("--classpath=".length());
            } else if (arg.startsWith("-")) {
                err.println("unknown option '" + arg + "'");
                return Optional.empty();
            } else if (config == null) {
                config = Path.of(arg);
            } else {
                err.println("one configuration file at a time, but found '" + config + "' and '" + arg + "'");
                return Optional.empty();
            }
        }
        if (config == null) {
            err.println("which configuration file? such as: check heddle.yaml");
            return Optional.empty();
        }
        return Optional.of(new Arguments(config, Optional.ofNullable(classPath)));
    }

    private static int check(Arguments arguments, PrintStream out, PrintStream err) {
        HeddleConfig config;
        try {
            config = ConfigLoader.load(arguments.config());
        } catch (ConfigException invalid) {
            List<ConfigProblem> problems = invalid.problems();
            problems.forEach(out::println);
            out.println(arguments.config() + ": " + WeaveListing.plural(problems.size(), "problem")
                    + "; the agent would run without its rules until they are fixed");
            return PROBLEMS;
        }
        for (RuleConfig rule : config.rules()) {
            List<String> inactive = WeavePreview.inactiveSettings(rule, config);
            if (!inactive.isEmpty()) {
                out.println(rule.location() + ": warning: rule '" + rule.name() + "': not available in this version of Heddle,"
                        + " so without effect: " + String.join(", ", inactive));
            }
        }
        String summary = arguments.config() + ": valid, " + WeaveListing.plural(config.rules().size(), "rule") + ", "
                + WeaveListing.plural(config.quotas().size(), "quota")
                + config.http().map(http -> ", " + WeaveListing.plural(http.routes().size(), "http route")
                        + " (HttpServlet#service woven)").orElse("");
        if (arguments.classPath().isEmpty()) {
            out.println(summary);
            return VALID;
        }
        try (ClassPath classPath = ClassPath.open(arguments.classPath().get())) {
            WeaveListing listing = new WeaveListing(config);
            String weaving = listing.print(listing.scan(classPath), out);
            out.println(summary + "; " + weaving);
            return VALID;
        } catch (ClassPath.InvalidClassPathException invalid) {
            err.println(invalid.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        } catch (IOException | RuntimeException failure) {
            err.println("the check could not read the class path: " + failure);
            return FAILED;
        }
    }
}
