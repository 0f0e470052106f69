package dev.heddle.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.annotations.Cached;
import dev.heddle.check.fixture.AnnotatedService;
import dev.heddle.check.fixture.SupportBot;
import dev.heddle.check.fixture.SupportBotImpl;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code java -jar heddle-agent.jar check}, run through {@link ConfigCheck#run}: the exit status, the
 * problems of the broken sample configurations line by line, and the methods a class path would have woven.
 */
class ConfigCheckTest {

    /** The config module's samples; Surefire runs in the agent module's folder. */
    private static final Path SAMPLES = Path.of("..", "config", "src", "test", "resources");

    @TempDir
    Path directory;

    /** What one run printed and returned. */
    private record Run(int status, List<String> out, String err) {
    }

    static List<Path> brokenConfigurations() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES.resolve("broken"))) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenConfigurations")
    void aBrokenConfigurationPrintsEveryProblemAsFileLineColumnAndExitsWith1(Path broken) throws IOException {
        String name = broken.getFileName().toString();
        List<String> expected = Files.readAllLines(broken.resolveSibling(name.replace(".yaml", ".expected"))).stream()
                .filter(line -> !line.isBlank())
                .map(problem -> broken + ":" + problem)
                .toList();

        Run run = check("check", broken.toString());

        assertThat(run.status()).isEqualTo(ConfigCheck.PROBLEMS);
        assertThat(run.out()).hasSize(expected.size() + 1).startsWith(expected.toArray(String[]::new));
        assertThat(run.out().get(expected.size()))
                .isEqualTo(broken + ": " + (expected.size() == 1 ? "1 problem" : expected.size() + " problems")
                        + "; the agent would run without its rules until they are fixed");
    }

    @Test
    void aValidConfigurationIsSummedUpAndExitsWith0() throws IOException {
        Path config = write("rules:\n  - { name: bot, match: { type: com.example.Bot, method: ask } }\n");

        Run run = check("check", config.toString());

        assertThat(run.status()).isEqualTo(ConfigCheck.VALID);
        assertThat(run.out()).containsExactly(config + ": valid, 1 rule, 0 quotas");
    }

    @Test
    void anHttpSectionIsSummedUpWithItsRoutes() throws IOException {
        Path config = write("quotas: { web: { tiers: { free: { requests: 10/1m } } } }\n"
                + "http: { routes: [ { path: /api/**, quota: web }, { path: /docs/*, cache: { ttl: 1m } } ] }\n");

        Run run = check("check", config.toString());

        assertThat(run.status()).isEqualTo(ConfigCheck.VALID);
        assertThat(run.out()).containsExactly(config + ": valid, 0 rules, 1 quota, 2 http routes (HttpServlet#service woven)");
    }

    @Test
    void settingsTheAgentWouldIgnoreAreWarnedAboutWithoutFailingTheCheck() throws IOException {
        Path config = write("rules:\n  - { name: bot, preset: open-ai }\n");

        Run run = check("check", config.toString());

        assertThat(run.status()).isEqualTo(ConfigCheck.VALID);
        assertThat(run.out().get(0)).startsWith(config + ":2:5: warning: rule 'bot': not available in this version of Heddle,"
                + " so without effect: preset: open-ai (unknown; known presets: ");
    }

    @Test
    void theClassPathListsTheMethodsEachRuleAndAnnotationWouldWeaveWithoutLoadingAClass() throws IOException {
        Path classes = copyClassFiles(SupportBot.class, SupportBotImpl.class, AnnotatedService.class);
        Path config = write("""
                rules:
                  - name: support-bot
                    match: { type: dev.heddle.check.fixture.SupportBot, method: answer }
                  - name: greeting
                    enabled: false
                    match: { type: dev.heddle.check.fixture.SupportBotImpl, method: "greet()" }
                  - name: billing
                    match: { type: com.example.Billing, method: charge }
                """);

        Run run = check("check", config.toString(), "--classpath", classes + File.pathSeparator + codeSourceOf(Cached.class));

        assertThat(run.err()).isEmpty();
        assertThat(run.status()).isEqualTo(ConfigCheck.VALID);
        assertThat(run.out()).containsExactly(
                "rule support-bot (match dev.heddle.check.fixture.SupportBot#answer):",
                "  dev.heddle.check.fixture.SupportBotImpl#answer(java.lang.String)",
                "  dev.heddle.check.fixture.SupportBotImpl#answer(java.lang.String, int)",
                "rule greeting (match dev.heddle.check.fixture.SupportBotImpl#greet(), disabled: woven without a policy):",
                "  dev.heddle.check.fixture.SupportBotImpl#greet()",
                "rule billing (match com.example.Billing#charge):",
                "  nothing: no class on the class path has com.example.Billing#charge",
                "annotations:",
                "  dev.heddle.check.fixture.AnnotatedService#summarize(java.lang.String[]) @Cached @Retry",
                "  dev.heddle.check.fixture.AnnotatedService#count(byte[]) @Timeout",
                config + ": valid, 3 rules, 0 quotas; 2 of 3 rules weave 3 methods; 2 annotated methods; "
                        + (3 + annotationClassCount()) + " classes scanned");
    }

    @Test
    void aPresetRuleListsTheSdkMethodsWhenTheSdkIsOnTheClassPath() throws IOException {
        Path openAiSdk = codeSourceOf(com.openai.services.blocking.chat.ChatCompletionService.class);
        Path config = write("rules:\n  - { name: openai, preset: openai-java }\n");

        Run run = check("check", config.toString(), "--classpath", openAiSdk.toString());

        assertThat(run.status()).isEqualTo(ConfigCheck.VALID);
        assertThat(run.out().get(0)).isEqualTo("rule openai (preset openai-java):");
        assertThat(run.out()).contains(
                "  com.openai.services.blocking.chat.ChatCompletionServiceImpl#create("
                        + "com.openai.models.chat.completions.ChatCompletionCreateParams, com.openai.core.RequestOptions)",
                "  com.openai.services.async.chat.ChatCompletionServiceAsyncImpl#create("
                        + "com.openai.models.chat.completions.ChatCompletionCreateParams, com.openai.core.RequestOptions)");
        assertThat(run.out().get(run.out().size() - 1)).contains("1 of 1 rule weave ");
    }

    @Test
    void classesThatNameALibraryMissingFromTheClassPathAreCountedSoAShortListingIsNoSurprise() throws IOException {
        Path openAiSdkAlone = codeSourceOf(com.openai.services.blocking.chat.ChatCompletionService.class);
        Path config = write("rules:\n  - { name: openai, preset: openai-java }\n");

        Run run = check("check", config.toString(), "--classpath", openAiSdkAlone.toString());

        assertThat(run.status()).isEqualTo(ConfigCheck.VALID);
        assertThat(run.out()).anySatisfy(line -> assertThat(line).startsWith("warning: cannot describe com.openai."));
        assertThat(run.out().get(run.out().size() - 1)).endsWith(" not described (is a library missing from the class path?)");
    }

    @Test
    void withoutArgumentsTheUsageIsPrintedAndTheStatusIs2() {
        Run run = check();

        assertThat(run.status()).isEqualTo(ConfigCheck.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("usage: java -jar heddle-agent.jar check <heddle.yaml> [--classpath <app class path>]");
    }

    @Test
    void anUnknownCommandOrOptionIsBadUsage() throws IOException {
        Path config = write("");

        assertThat(check("verify", config.toString()).status()).isEqualTo(ConfigCheck.USAGE);
        Run unknownOption = check("check", config.toString(), "--verbose");
        assertThat(unknownOption.status()).isEqualTo(ConfigCheck.USAGE);
        assertThat(unknownOption.err()).startsWith("unknown option '--verbose'");
        assertThat(check("check", config.toString(), "--classpath").status()).isEqualTo(ConfigCheck.USAGE);
    }

    @Test
    void aClassPathEntryThatDoesNotExistIsBadUsage() throws IOException {
        Path config = write("");
        Path missing = directory.resolve("missing.jar");

        Run run = check("check", config.toString(), "--classpath", missing.toString());

        assertThat(run.status()).isEqualTo(ConfigCheck.USAGE);
        assertThat(run.err()).startsWith("class path entry '" + missing + "' does not exist");
    }

    @Test
    void helpIsPrintedOnStandardOutputWithStatus0() {
        Run run = check("check", "--help");

        assertThat(run.status()).isEqualTo(ConfigCheck.VALID);
        assertThat(run.out().get(0)).startsWith("usage: ");
    }

    private Run check(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ConfigCheck.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString(StandardCharsets.UTF_8));
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(directory.resolve("heddle.yaml"), yaml);
    }

    /** A class path with only these classes, as a build would lay them out. */
    private Path copyClassFiles(Class<?>... types) throws IOException {
        Path classes = directory.resolve("classes");
        for (Class<?> type : types) {
            String file = type.getName().replace('.', '/') + ".class";
            Path target = classes.resolve(file);
            Files.createDirectories(target.getParent());
            try (InputStream in = type.getClassLoader().getResourceAsStream(file)) {
                Files.copy(in, target);
            }
        }
        return classes;
    }

    private static Path codeSourceOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The annotations module on the class path is scanned too, and ignored by name as the agent ignores it. */
    private static int annotationClassCount() {
        try (ClassPath annotations = ClassPath.open(codeSourceOf(Cached.class).toString())) {
            return annotations.typeNames().size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassPath.InvalidClassPathException e) {
            throw new IllegalStateException(e);
        }
    }
}
