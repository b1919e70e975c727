package dev.redisinside.engine.server;

import dev.redisinside.engine.EmbeddedRedisServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TLS on tls-port, configured with PEM files as in Redis or with key managers in process. */
class TlsTest {

    private static final char[] PASSWORD = "secret".toCharArray();

    @TempDir
    static Path dir;
    private static KeyStore keyStore;

    /** A self-signed certificate for localhost, made with the JDK's keytool (no library needed). */
    @BeforeAll
    static void certificate() throws Exception {
        Path store = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "secret", "-keypass", "secret", "-ext", "SAN=dns:localhost,ip:127.0.0.1")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("keytool").isTrue();
        keyStore = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(store.toFile())) {
            keyStore.load(in, PASSWORD);
        }
    }

    @Test
    void keyManagersInProcess() throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, PASSWORD);
        int tlsPort = freePort();
        try (EmbeddedRedisServer server = EmbeddedRedisServer.builder().port(0).tls(tlsPort, keys, null).build().start()) {
            assertThat(server.tlsPort()).isEqualTo(tlsPort);
            assertThat(tlsCall(tlsPort, "*1\r\n$4\r\nPING\r\n")).isEqualTo("+PONG\r\n");
            assertThat(tlsCall(tlsPort, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n")).isEqualTo("+OK\r\n");
            // the same data on the plain port
            try (dev.redisinside.engine.support.RawClient plain = new dev.redisinside.engine.support.RawClient(server.port())) {
                assertThat(plain.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
            }
        }
    }

    @Test
    void freeTlsPortPickedInProcess() throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, PASSWORD);
        try (EmbeddedRedisServer server = EmbeddedRedisServer.builder().port(0).tls(0, keys, null).build().start()) {
            int tlsPort = server.tlsPort();
            assertThat(tlsPort).isPositive().isNotEqualTo(server.port());
            assertThat(tlsCall(tlsPort, "*1\r\n$4\r\nPING\r\n")).isEqualTo("+PONG\r\n");
            String port = Integer.toString(tlsPort);
            assertThat(tlsCall(tlsPort, "*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$8\r\ntls-port\r\n"))
                    .isEqualTo("*2\r\n$8\r\ntls-port\r\n$" + port.length() + "\r\n" + port + "\r\n");
        }
        assertThatThrownBy(() -> EmbeddedRedisServer.builder().tls(0, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pemFilesAsRedisTakesThem() throws Exception {
        PrivateKey key = (PrivateKey) keyStore.getKey("server", PASSWORD);
        Certificate cert = keyStore.getCertificate("server");
        Path keyFile = dir.resolve("server.key");
        Path certFile = dir.resolve("server.crt");
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
        Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
        int tlsPort = freePort();
        try (EmbeddedRedisServer server = EmbeddedRedisServer.builder().port(0)
                .setting("tls-port", Integer.toString(tlsPort))
                .setting("tls-cert-file", certFile.toString())
                .setting("tls-key-file", keyFile.toString())
                .setting("tls-auth-clients", "no")
                .build().start()) {
            assertThat(tlsCall(tlsPort, "*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n")).isEqualTo("$2\r\nhi\r\n");
        }
        // client certificates required (Redis's default) but no CA to check them with: refused at start
        assertThatThrownBy(() -> EmbeddedRedisServer.builder().port(0).setting("tls-port", Integer.toString(freePort()))
                .setting("tls-cert-file", certFile.toString()).setting("tls-key-file", keyFile.toString())
                .build().start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("tls-ca-cert-file");
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** One request over TLS, trusting the test certificate; returns the reply. */
    private static String tlsCall(int port, String request) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keyStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[256];
            int n = in.read(buffer);
            return new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
