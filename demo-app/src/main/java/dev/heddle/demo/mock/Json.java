package dev.heddle.demo.mock;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson mapper of the mock server; thread-safe once configured. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
