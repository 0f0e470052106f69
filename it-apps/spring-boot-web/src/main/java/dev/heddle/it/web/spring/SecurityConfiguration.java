package dev.heddle.it.web.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security as a resource server: a request with an {@code Authorization: Bearer} JWT signed by
 * the key in the file that {@value #PUBLIC_KEY_PROPERTY} names (RS256) is authenticated, its principal
 * a {@code JwtAuthenticationToken} whose claims the app could read; a token signed otherwise gets a
 * 401; a request without one is let through anonymously, so that every endpoint stays open. Without
 * the property a key of its own is made, which no token matches. CSRF protection is off (the API has
 * no browser sessions) and Spring Security's own {@code Cache-Control} header is left out: caching is
 * the app's answers' business, as in the Jetty app.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** The system property that names the PEM or base64 file of the X.509 public key tokens are checked with. */
    static final String PUBLIC_KEY_PROPERTY = "heddle.it.jwt-public-key";

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .headers(headers -> headers.cacheControl(cache -> cache.disable()))
                .oauth2ResourceServer(server -> server.jwt(jwt -> { }))
                .build();
    }

    @Bean
    JwtDecoder jwtDecoder(@Value("${" + PUBLIC_KEY_PROPERTY + ":}") String publicKeyFile) throws GeneralSecurityException {
        return NimbusJwtDecoder.withPublicKey(publicKey(publicKeyFile)).build();
    }

    private static RSAPublicKey publicKey(String file) throws GeneralSecurityException {
        if (file.isBlank()) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return (RSAPublicKey) generator.generateKeyPair().getPublic();
        }
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
