package dev.heddle.demo;

/**
 * One feature of the demo's imaginary product: it asks the vendor's model a user's question through
 * an SDK and returns the answer. It knows nothing of Heddle.
 */
public interface Assistant extends AutoCloseable {

    /**
     * Asks the model.
     *
     * @param user who asks; the request carries it in its {@code user} field
     * @param question the question
     * @return the model's answer
     * @throws RuntimeException whatever the SDK throws: a vendor error, an I/O error, a timeout
     */
    String ask(String user, String question);

    /** Releases the SDK's HTTP client. */
    @Override
    void close();

    /**
     * The assistant of a feature, pointed at a vendor.
     *
     * @param feature which one
     * @param baseUrl the vendor's base URL without {@code /v1}, such as {@code http://127.0.0.1:8089}
     * @return a new assistant
     */
    static Assistant of(Feature feature, String baseUrl) {
        return switch (feature) {
            case SUPPORT -> new OpenAiJavaAssistant(feature, baseUrl);
            case DOCS -> new LangChain4jAssistant(feature, baseUrl);
        };
    }
}
