package dev.heddle.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a cached GET response is stored under: the path, the query's parameters sorted (so that
 * {@code ?b=2&a=1} and {@code ?a=1&b=2} share a page), the values of the route's {@code vary}
 * headers, and the user, unless the route's cache is shared ({@code scope: global}). A record of
 * parts, never one joined string, so that no value can pass for another part.
 *
 * @param path the request's path
 * @param query the query's {@code name=value} pairs, as sent (still percent-encoded), sorted
 * @param vary the values of the {@code vary} headers, in the route's order; null for an absent header
 * @param user the user, or null for a shared page
 */
record PageKey(String path, List<String> query, List<String> vary, String user) {

    /**
     * @param path the request's path
     * @param queryString the raw query string, or null
     * @param vary the {@code vary} headers' values
     * @param user the user, or null for a shared page
     * @return the key
     */
    static PageKey of(String path, String queryString, List<String> vary, String user) {
        List<String> query = new ArrayList<>();
        if (queryString != null && !queryString.isEmpty()) {
            String[] pairs = queryString.split("&");
            Arrays.sort(pairs);
            for (String pair : pairs) {
                if (!pair.isEmpty()) query.add(pair);
            }
        }
        return new PageKey(path, List.copyOf(query), java.util.Collections.unmodifiableList(new ArrayList<>(vary)), user);
    }
}
