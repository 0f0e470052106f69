package dev.heddle.it.web.spring;

import dev.heddle.it.web.QuitSignal;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An ordinary Spring Boot web app (Spring MVC's {@code DispatcherServlet} on embedded Tomcat) for the
 * HTTP edge integration tests; it knows nothing of Heddle. Its endpoints answer exactly as those of
 * the Jetty app ({@code dev.heddle.it.web.jetty.JettyWebApp}), so one test drives both.
 *
 * <p>{@code SpringBootWebApp <port> <llmBaseUrl>}: serves on 127.0.0.1 ({@code 0} takes any free
 * port), prints {@code listening on <port>} once ready, and exits when standard input ends or
 * brings a line {@code quit}, so that a child JVM never outlives the test that started it.
 */
@SpringBootApplication
public class SpringBootWebApp {

    /** The property the LLM base URL reaches {@link LlmClientConfiguration} through. */
    static final String LLM_BASE_URL_PROPERTY = "heddle.it.llm-base-url";

    /**
     * Starts the app and serves until told to quit.
     *
     * @param args {@code <port> <llmBaseUrl>}
     */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: SpringBootWebApp <port> <llmBaseUrl>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        ConfigurableApplicationContext context;
        try {
            context = start(port, args[1]);
        } catch (RuntimeException e) {
            // Tomcat's non-daemon threads may already run: end the JVM rather than hang half-started.
            e.printStackTrace();
            System.exit(1);
            return;
        }
        int actualPort = ((WebServerApplicationContext) context).getWebServer().getPort();
        System.out.println("listening on " + actualPort);
        System.out.flush();
        QuitSignal.await();
        int exitCode = SpringApplication.exit(context);
        // The SDK's HTTP client keeps non-daemon threads alive for a minute after its last call.
        System.exit(exitCode);
    }

    private static ConfigurableApplicationContext start(int port, String llmBaseUrl) {
        SpringApplication application = new SpringApplication(SpringBootWebApp.class);
        // As command-line arguments, these outrank any SERVER_PORT or similar in the environment.
        return application.run(
                "--server.address=127.0.0.1",
                "--server.port=" + port,
                "--spring.main.banner-mode=off",
                "--spring.main.log-startup-info=false",
                "--logging.level.root=WARN",
                "--" + LLM_BASE_URL_PROPERTY + "=" + llmBaseUrl);
    }
}
