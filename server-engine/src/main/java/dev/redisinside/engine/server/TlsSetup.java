package dev.redisinside.engine.server;

import dev.redisinside.engine.config.ServerConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.File;
import java.util.Arrays;

/**
 * The TLS side of the server, configured as Redis's is ({@code tls-port}, {@code tls-cert-file},
 * {@code tls-key-file}, {@code tls-key-file-pass}, {@code tls-ca-cert-file}, {@code tls-auth-clients},
 * {@code tls-protocols}, {@code tls-ciphersuites}) or, in process, with key and trust managers (a Spring SSL
 * bundle's). PEM files are read by Netty (PKCS#8 keys, as OpenSSL 3 writes them); the JDK provides TLS.
 */
public final class TlsSetup {

    private final KeyManagerFactory keyManagers;
    private final TrustManagerFactory trustManagers;

    /** From the tls-* files of the configuration. */
    public TlsSetup() {
        this(null, null);
    }

    /** From key managers (the server's certificate) and, for client certificates, trust managers. */
    public TlsSetup(KeyManagerFactory keyManagers, TrustManagerFactory trustManagers) {
        this.keyManagers = keyManagers;
        this.trustManagers = trustManagers;
    }

    /** Whether key managers were given in process (then tls-port 0 means a free port, not "no TLS"). */
    public boolean inProcess() {
        return keyManagers != null;
    }

    /** The server context, checked as Redis checks its TLS settings at start. */
    public SslContext build(ServerConfig config) {
        String auth = value(config, "tls-auth-clients");
        String caFile = value(config, "tls-ca-cert-file");
        try {
            SslContextBuilder builder;
            if (keyManagers != null) {
                builder = SslContextBuilder.forServer(keyManagers);
            } else {
                String cert = value(config, "tls-cert-file");
                String key = value(config, "tls-key-file");
                if (cert.isEmpty() || key.isEmpty()) {
                    throw new IllegalStateException("Failed to configure TLS: tls-cert-file and tls-key-file are required");
                }
                String pass = value(config, "tls-key-file-pass");
                builder = SslContextBuilder.forServer(new File(cert), new File(key), pass.isEmpty() ? null : pass);
            }
            boolean trusts = trustManagers != null || !caFile.isEmpty();
            if (trustManagers != null) {
                builder.trustManager(trustManagers);
            } else if (!caFile.isEmpty()) {
                builder.trustManager(new File(caFile));
            }
            ClientAuth clientAuth = switch (auth) {
                case "no" -> ClientAuth.NONE;
                case "optional" -> ClientAuth.OPTIONAL;
                default -> ClientAuth.REQUIRE;
            };
            if (clientAuth != ClientAuth.NONE && !trusts) {
                throw new IllegalStateException("Failed to configure TLS: either tls-ca-cert-file or tls-ca-cert-dir "
                        + "must be specified when tls-auth-clients is enabled (or set tls-auth-clients no)");
            }
            builder.clientAuth(clientAuth);
            String protocols = value(config, "tls-protocols").trim();
            if (!protocols.isEmpty()) {
                builder.protocols(protocols.split("\\s+"));
            }
            String suites = value(config, "tls-ciphersuites").trim();
            if (!suites.isEmpty()) {
                builder.ciphers(Arrays.asList(suites.split(":")));
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("Failed to configure TLS: " + e.getMessage(), e);
        }
    }

    private static String value(ServerConfig config, String name) {
        ServerConfig.Parameter p = config.parameter(name);
        String v = p == null ? null : p.getter().get();
        return v == null ? "" : v;
    }
}
