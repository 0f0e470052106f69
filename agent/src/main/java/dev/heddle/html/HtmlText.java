package dev.heddle.html;

/** Text made safe for the HTML pages Heddle writes: the status page and the report. */
public final class HtmlText {

    private HtmlText() {
    }

    /**
     * Escapes text for HTML content and quoted attribute values alike.
     *
     * @param text any text, such as a rule name from the YAML or a property from an event
     * @return the text with {@code & < > " '} as character references
     */
    public static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
