package dev.heddle.it.web.jetty;

import dev.heddle.it.web.QuitSignal;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import jakarta.servlet.http.HttpServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An ordinary web app of plain {@link HttpServlet}s in a Jetty 12 ee10 {@link ServletContextHandler},
 * for the HTTP edge integration tests; it knows nothing of Heddle. Its endpoints answer exactly as
 * those of the Spring Boot app ({@code dev.heddle.it.web.spring.SpringBootWebApp}), so one test
 * drives both.
 *
 * <p>{@code JettyWebApp <port> <llmBaseUrl>}: serves on 127.0.0.1 ({@code 0} takes any free port),
 * prints {@code listening on <port>} once ready, and exits when standard input ends or brings a line
 * {@code quit}, so that a child JVM never outlives the test that started it.
 */
public final class JettyWebApp {

    private JettyWebApp() {
    }

    /**
     * Starts the app and serves until told to quit.
     *
     * @param args {@code <port> <llmBaseUrl>}
     * @throws Exception if Jetty cannot start or stop
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: JettyWebApp <port> <llmBaseUrl>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        // Built once, as an app would: the agent weaves the SDK's calls, not the client's construction.
        // Its own retries are off so that only a retry policy of the agent retries, as in the SDK test apps.
        OpenAIClient llmClient = OpenAIOkHttpClient.builder().baseUrl(args[1] + "/v1").apiKey("test-key").maxRetries(0).build();

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(servlets(llmClient));
        try {
            server.start();
        } catch (Exception e) {
            // Jetty's non-daemon threads may already run: end the JVM rather than hang half-started.
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println("listening on " + connector.getLocalPort());
        System.out.flush();
        QuitSignal.await();
        server.stop();
        llmClient.close();
        // The SDK's HTTP client keeps non-daemon threads alive for a minute after its last call.
        System.exit(0);
    }

    private static ServletContextHandler servlets(OpenAIClient llmClient) {
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new ArticleServlet(null)), "/api/articles/*");
        context.addServlet(new ServletHolder(new ArticleServlet("private")), "/api/private/*");
        context.addServlet(new ServletHolder(new ArticleServlet("no-store")), "/api/no-store/*");
        context.addServlet(new ServletHolder(new MissingArticleServlet()), "/api/missing/*");
        context.addServlet(new ServletHolder(new BigBodyServlet()), "/api/big/*");
        context.addServlet(new ServletHolder(new AskServlet(llmClient)), "/api/ask");
        context.addServlet(new ServletHolder(new RunsServlet()), "/internal/runs");
        return context;
    }
}
