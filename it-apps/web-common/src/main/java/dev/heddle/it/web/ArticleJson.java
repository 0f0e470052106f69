package dev.heddle.it.web;

/**
 * The JSON body of an article, hand-built so that its bytes are the same in both web apps:
 * {@code {"article":"..","user":"..","language":"..","query":"..","served":n}}.
 */
public final class ArticleJson {

    private ArticleJson() {
    }

    /**
     * @param article the article id from the path
     * @param user the {@code X-User-Id} header, null for none
     * @param language the {@code Accept-Language} header, null for none
     * @param query the raw query string, null for none
     * @param served the controller runs including this one
     * @return the body, one line of JSON
     */
    public static String of(String article, String user, String language, String query, long served) {
        return "{\"article\":" + quoted(article)
                + ",\"user\":" + quoted(user)
                + ",\"language\":" + quoted(language)
                + ",\"query\":" + quoted(query)
                + ",\"served\":" + served + "}";
    }

    private static String quoted(String value) {
        String text = value == null ? "" : value;
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
