package dev.heddle.it.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** How a web app child learns that its test is done: a line {@code quit}, or the end of its standard input. */
public final class QuitSignal {

    private QuitSignal() {
    }

    /** Blocks until standard input ends or a line {@code quit} arrives. */
    public static void await() {
        try (BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = stdin.readLine()) != null) {
                if (line.trim().equals("quit")) {
                    return;
                }
            }
        } catch (IOException e) {
            // A broken standard input means the parent is gone: stop as on end of input.
        }
    }
}
