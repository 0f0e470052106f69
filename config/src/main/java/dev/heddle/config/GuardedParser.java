package dev.heddle.config;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * Passes parser events to the composer and stops, at the offending position, a file that is no
 * honest configuration: more than one document, nesting deeper than any Heddle key needs (the
 * composer recurses per level, so depth would otherwise end in a StackOverflowError), or many
 * aliases of lists and mappings (the "billion laughs" pattern).
 */
final class GuardedParser implements Parser {

    /** Far deeper than Heddle's own schema (about five levels), far below what overflows a stack. */
    static final int MAX_DEPTH = 64;
    /** Enough to share a few policy blocks between rules with {@code &anchor} and {@code *alias}. */
    static final int MAX_COLLECTION_ALIASES = 32;

    /** A limit crossed, with where it happened. */
    static final class LimitExceeded extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient Optional<Mark> mark;

        LimitExceeded(String message, Optional<Mark> mark) {
            super(message, null, false, false);
            this.mark = mark;
        }

        Optional<Mark> mark() {
            return mark;
        }
    }

    private final Parser delegate;
    private final Set<Anchor> collectionAnchors = new HashSet<>();
    private int depth;
    private int collectionAliases;
    private int documents;

    GuardedParser(Parser delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean checkEvent(Event.ID id) {
        return delegate.checkEvent(id);
    }

    @Override
    public Event peekEvent() {
        return delegate.peekEvent();
    }

    @Override
    public boolean hasNext() {
        return delegate.hasNext();
    }

    @Override
    public Event next() {
        Event event = delegate.next();
        inspect(event);
        return event;
    }

    private void inspect(Event event) {
        switch (event.getEventId()) {
            case DocumentStart -> {
                if (++documents > 1) {
                    throw new LimitExceeded("a second YAML document starts here; a Heddle configuration is one document, "
                            + "so remove the '---' line or split the file", event.getStartMark());
                }
            }
            case MappingStart, SequenceStart -> {
                ((NodeEvent) event).getAnchor().ifPresent(collectionAnchors::add);
                if (++depth > MAX_DEPTH) {
                    throw new LimitExceeded("lists and mappings nest more than " + MAX_DEPTH + " levels deep here; "
                            + "a Heddle configuration needs only a few", event.getStartMark());
                }
            }
            case MappingEnd, SequenceEnd -> depth--;
            // an anchor name may be defined again; only its latest definition counts
            case Scalar -> ((NodeEvent) event).getAnchor().ifPresent(collectionAnchors::remove);
            case Alias -> {
                if (collectionAnchors.contains(((AliasEvent) event).getAlias()) && ++collectionAliases > MAX_COLLECTION_ALIASES) {
                    throw new LimitExceeded("more than " + MAX_COLLECTION_ALIASES + " aliases (*name) of lists or mappings; "
                            + "Heddle refuses them to guard against alias bombs, so write the values out", event.getStartMark());
                }
            }
            default -> {
                // stream and comment events neither nest nor repeat content
            }
        }
    }
}
