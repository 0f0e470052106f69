package dev.heddle.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway CA and a server certificate it signed for {@code 127.0.0.1} (an IP subject
 * alternative name, and no DNS name, so that {@code localhost} fails hostname verification), made
 * at test time with the JDK's {@code keytool} into a temporary folder: no private key is ever
 * checked in. The files are PEM, as {@code redis-server --tls-*-file} reads them.
 *
 * <p>Public, and shipped in the agent's test jar, with {@code RedisServerProcess#startTls}.
 */
public final class TestCertificates {

    private static final String STORE_PASSWORD = "heddle-test";

    private final Path caCertificate;
    private final Path serverCertificate;
    private final Path serverKey;

    private TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey) {
        this.caCertificate = caCertificate;
        this.serverCertificate = serverCertificate;
        this.serverKey = serverKey;
    }

    /**
     * @param dir an existing folder, normally a temporary one
     * @return a new CA and a server certificate for 127.0.0.1, valid from yesterday for two days
     */
    public static TestCertificates create(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        Path ca = dir.resolve("ca.p12");
        Path server = dir.resolve("server.p12");
        Path request = dir.resolve("server.csr");
        Path caPem = dir.resolve("ca.pem");
        Path serverPem = dir.resolve("server.pem");
        Path keyPem = dir.resolve("server.key");
        keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Heddle test CA",
                "-ext", "bc:c", "-startdate", "-1d", "-validity", "3", "-keystore", ca.toString(), "-storetype", "PKCS12");
        keytool(dir, "-exportcert", "-alias", "ca", "-rfc", "-keystore", ca.toString(), "-file", caPem.toString());
        keytool(dir, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Heddle test Redis",
                "-startdate", "-1d", "-validity", "3", "-keystore", server.toString(), "-storetype", "PKCS12");
        keytool(dir, "-certreq", "-alias", "server", "-keystore", server.toString(), "-file", request.toString());
        keytool(dir, "-gencert", "-alias", "ca", "-keystore", ca.toString(), "-infile", request.toString(), "-outfile",
                serverPem.toString(), "-rfc", "-ext", "san=ip:127.0.0.1", "-ext", "eku=serverAuth", "-startdate", "-1d",
                "-validity", "3");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(server)) {
            keys.load(in, STORE_PASSWORD.toCharArray());
        }
        byte[] pkcs8 = keys.getKey("server", STORE_PASSWORD.toCharArray()).getEncoded();
        Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n");
        return new TestCertificates(caPem, serverPem, keyPem);
    }

    /** @return the CA's certificate, PEM */
    public Path caCertificate() {
        return caCertificate;
    }

    /** @return the server's certificate, PEM, signed by the CA, for IP 127.0.0.1 */
    public Path serverCertificate() {
        return serverCertificate;
    }

    /** @return the server's private key, PKCS#8 PEM */
    public Path serverKey() {
        return serverKey;
    }

    /** @return a factory of TLS sockets that trusts this CA and nothing else */
    public SSLSocketFactory trustingCa() {
        try (InputStream in = Files.newInputStream(caCertificate)) {
            Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("heddle-test-ca", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the test CA " + caCertificate, e);
        }
    }

    private static void keytool(Path dir, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD, "-noprompt"));
        Path output = Files.createTempFile(dir, "keytool", ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("keytool " + arguments[0] + " took more than 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed: " + Files.readString(output));
        }
    }
}
