package dev.heddle.it.app.sdk;

import dev.heddle.it.app.Out;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands of the streaming apps, alike for every SDK so that one test reads them all:
 * {@code ask:<question>} streams an answer to its end; {@code cancel:<k>:<question>} reads
 * {@code k} chunks and stops; {@code pause:<ms>} waits (and prints nothing). For command
 * {@code n} (from 1) it prints {@code q<n>.chunks} (each chunk's text, joined by {@code |}),
 * {@code q<n>.chunkCount}, {@code q<n>.firstChunkMs} and {@code q<n>.totalMs} (from the call), or
 * {@code q<n>.error} (the exception's class) when the stream failed.
 */
final class StreamingCommands {

    /** One SDK's way to stream a question. */
    interface Streamer {
        /**
         * Streams the answer to a question, handing each chunk's text to {@code chunks} as it arrives.
         *
         * @param question the question
         * @param chunks told each chunk's text; returns false to stop reading (the stream is then
         *     closed or cancelled as the SDK allows)
         */
        void stream(String question, ChunkSink chunks) throws Exception;
    }

    /** Takes chunk texts; says whether to go on. */
    interface ChunkSink {
        boolean accept(String text);
    }

    private StreamingCommands() {
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void run(String[] commands, Streamer streamer) {
        for (int n = 1; n <= commands.length; n++) {
            String command = commands[n - 1];
            if (command.startsWith("pause:")) {
                pause(Long.parseLong(command.substring("pause:".length())));
                continue;
            }
            String question;
            int limit;
            if (command.startsWith("ask:")) {
                question = command.substring("ask:".length());
                limit = Integer.MAX_VALUE;
            } else if (command.startsWith("cancel:")) {
                String rest = command.substring("cancel:".length());
                limit = Integer.parseInt(rest.substring(0, rest.indexOf(':')));
                question = rest.substring(rest.indexOf(':') + 1);
            } else {
                throw new IllegalArgumentException("unknown command " + command);
            }
            List<String> texts = new ArrayList<>();
            long start = System.nanoTime();
            long[] first = {-1};
            try {
                streamer.stream(question, text -> {
                    if (first[0] < 0) first[0] = System.nanoTime();
                    texts.add(text);
                    return texts.size() < limit;
                });
                Out.print("q" + n + ".chunks", String.join("|", texts));
                Out.print("q" + n + ".chunkCount", texts.size());
                Out.print("q" + n + ".firstChunkMs", (first[0] - start) / 1_000_000.0);
                Out.print("q" + n + ".totalMs", (System.nanoTime() - start) / 1_000_000.0);
            } catch (Exception | Error failure) {
                Out.print("q" + n + ".error", failure.getClass().getName());
                Out.print("q" + n + ".chunkCount", texts.size());
            }
        }
    }
}
