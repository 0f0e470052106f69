package dev.heddle.config;

import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Composes YAML text into a node tree, keeping every node's position, and turns every way that can
 * fail into a {@link ConfigException} with a location.
 */
final class YamlComposer {

    /** 1 Mi characters: a configuration of hundreds of rules is a few tens of thousands. */
    static final int MAX_CODE_POINTS = 1 << 20;

    private YamlComposer() {
    }

    /**
     * @return the document's root node; empty for a file with no document, such as an empty file
     * @throws ConfigException for a YAML syntax error, or a file that crosses a {@link GuardedParser} limit
     */
    static Optional<Node> compose(String yaml, Problems problems) throws ConfigException {
        // refused before it is read: SnakeYAML would scan up to its own limit (3 Mi code points, seconds) first
        if (yaml.length() > MAX_CODE_POINTS && yaml.codePointCount(0, yaml.length()) > MAX_CODE_POINTS) {
            throw single(problems.wholeFile(), "the configuration is " + yaml.codePointCount(0, yaml.length())
                    + " characters long; Heddle reads at most " + MAX_CODE_POINTS + ", far more than any configuration needs");
        }
        // the composer's own alias limits back up GuardedParser's, which trip first and say where
        LoadSettings settings = LoadSettings.builder()
                .setLabel(problems.wholeFile().source())
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(GuardedParser.MAX_COLLECTION_ALIASES)
                .setCodePointLimit(MAX_CODE_POINTS)
                .build();
        try {
            GuardedParser parser = new GuardedParser(new ParserImpl(settings, new StreamReader(settings, yaml)));
            return new Composer(settings, parser).getSingleNode();
        } catch (GuardedParser.LimitExceeded e) {
            throw single(at(e.mark(), problems), e.getMessage());
        } catch (MarkedYamlEngineException e) {
            throw single(at(e.getProblemMark().or(e::getContextMark), problems), "invalid YAML: " + describe(e, problems));
        } catch (ReaderException e) {
            throw single(locationOfCodePoint(yaml, e.getPosition(), problems),
                    "invalid YAML: the character U+" + String.format("%04X", e.getCodePoint()) + " is not allowed in YAML");
        } catch (YamlEngineException e) {
            throw single(problems.wholeFile(), "invalid YAML: " + e.getMessage());
        }
    }

    private static String describe(MarkedYamlEngineException e, Problems problems) {
        String problem = e.getProblem() == null ? "" : e.getProblem().strip();
        if (e.getContext() == null || e.getContext().isBlank()) return problem;
        String context = e.getContext().strip() + e.getContextMark()
                .filter(mark -> e.getProblemMark().isPresent())
                .map(problems::locationOf)
                .map(location -> " at line " + location.line() + ", column " + location.column())
                .orElse("");
        return problem.isEmpty() ? context : problem + " (" + context + ")";
    }

    private static Location at(Optional<Mark> mark, Problems problems) {
        return mark.map(problems::locationOf).orElse(problems.wholeFile());
    }

    /** The reader reports a position in code points; editors want line and column. */
    private static Location locationOfCodePoint(String yaml, int position, Problems problems) {
        int line = 1;
        int column = 1;
        int[] codePoints = yaml.codePoints().limit(position).toArray();
        for (int codePoint : codePoints) {
            if (codePoint == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        Location file = problems.wholeFile();
        return new Location(file.source(), line, column);
    }

    private static ConfigException single(Location location, String message) {
        return new ConfigException(List.of(new ConfigProblem(location, message)));
    }
}
