package dev.heddle.http;

import java.util.List;

/**
 * A cached response: its status, content type, the headers worth replaying and its body. Immutable
 * (the arrays are never handed out to be written).
 *
 * @param status the status, always 200 today
 * @param contentType the content type, or null
 * @param headers the replayed headers as name and value pairs, in order
 * @param body the body
 */
record StoredPage(int status, String contentType, List<String[]> headers, byte[] body) {

    /** @return about how many bytes the page takes in memory, for the cache's bound */
    int weight() {
        long weight = body.length + 64L;
        for (String[] header : headers) weight += 2L * (header[0].length() + header[1].length()) + 32;
        return (int) Math.min(Integer.MAX_VALUE, weight);
    }
}
