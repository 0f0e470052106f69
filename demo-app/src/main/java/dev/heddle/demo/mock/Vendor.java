package dev.heddle.demo.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Whose API an endpoint imitates: decides the shape of error bodies and the request-id header. */
enum Vendor {
    OPENAI("x-request-id") {
        @Override
        ObjectNode errorBody(int status, String message) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            ObjectNode error = body.putObject("error");
            error.put("message", message);
            error.put("type", switch (status) {
                case 429 -> "rate_limit_exceeded";
                case 500, 503 -> "server_error";
                default -> "invalid_request_error";
            });
            error.putNull("param");
            switch (status) {
                case 404 -> error.put("code", "unknown_url");
                case 405 -> error.put("code", "method_not_allowed");
                case 429 -> error.put("code", "rate_limit_exceeded");
                case 503 -> error.put("code", "service_unavailable");
                default -> error.putNull("code");
            }
            return body;
        }
    },
    ANTHROPIC("request-id") {
        @Override
        ObjectNode errorBody(int status, String message) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("type", "error");
            ObjectNode error = body.putObject("error");
            error.put("type", switch (status) {
                case 404 -> "not_found_error";
                case 429 -> "rate_limit_error";
                case 500 -> "api_error";
                case 503 -> "overloaded_error";
                default -> "invalid_request_error";
            });
            error.put("message", message);
            return body;
        }
    };

    private final String requestIdHeader;

    Vendor(String requestIdHeader) {
        this.requestIdHeader = requestIdHeader;
    }

    /** @return the response header that carries the request id */
    String requestIdHeader() {
        return requestIdHeader;
    }

    /** The vendor's JSON error body for a status. */
    abstract ObjectNode errorBody(int status, String message);
}
