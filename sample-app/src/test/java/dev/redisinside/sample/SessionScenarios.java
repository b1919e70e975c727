package dev.redisinside.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import dev.redisinside.sample.cart.SessionEvents;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cart's HTTP sessions in Redis through Spring Session's indexed repository, over real HTTP with the
 * {@code SESSION} cookie. The same scenarios run on the embedded server
 * ({@link EmbeddedSessionAndLockTests}) and on the real Redis at 6379 ({@link ManagedRedisSessionAndLockTests});
 * only how an idle session comes to expire differs.
 */
abstract class SessionScenarios {

    private final HttpClient http = HttpClient.newHttpClient();

    /** The app's base address, such as {@code http://localhost:8080}. */
    abstract String baseUrl();

    abstract SessionEvents events();

    abstract StringRedisTemplate redis();

    /** The key prefix of Spring Session ({@code spring.session.data.redis.namespace}). */
    abstract String namespace();

    /** Lets the session stay idle past its timeout, so that Redis expires it. */
    abstract void expireIdleSession(String sessionId);

    /**
     * Moves time past the five minutes for which Spring Session keeps an ended session's hash (so that the
     * handler of its expiry can still read it); false where time cannot be moved.
     */
    abstract boolean passEndedSessionRetention();

    @Test
    void sessionIsCreatedInRedisAndFoundAgainThroughItsCookie() throws Exception {
        HttpResponse<String> first = send("POST", "/cart?item=book", null);
        assertThat(first.statusCode()).isEqualTo(200);
        String cookie = sessionCookie(first);
        String id = sessionId(cookie);
        assertThat(first.body()).isEqualTo("[\"book\"]");
        await().atMost(Duration.ofSeconds(10)).until(() -> events().recent().contains("created " + id));
        assertThat(sessionKeys(id)).contains(namespace() + ":sessions:" + id, namespace() + ":sessions:expires:" + id);

        assertThat(send("POST", "/cart?item=pen", cookie).body()).isEqualTo("[\"book\",\"pen\"]");
        HttpResponse<String> again = send("GET", "/cart", cookie);
        assertThat(again.body()).isEqualTo("[\"book\",\"pen\"]");
        assertThat(again.headers().firstValue("Set-Cookie")).as("no new session").isEmpty();
        assertThat(send("GET", "/cart", null).body()).as("without the cookie").isEqualTo("[]");
    }

    @Test
    void idleSessionExpiresWithAnEventAndItsKeysAreRemoved() throws Exception {
        String cookie = sessionCookie(send("POST", "/cart?item=book", null));
        String id = sessionId(cookie);
        await().atMost(Duration.ofSeconds(10)).until(() -> events().recent().contains("created " + id));

        expireIdleSession(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> events().recent().contains("expired " + id));
        assertThat(events().recent()).doesNotContain("deleted " + id);
        assertEnded(id);
        assertThat(send("GET", "/cart", cookie).body()).isEqualTo("[]");
    }

    @Test
    void invalidatedSessionIsDeletedWithAnEvent() throws Exception {
        String cookie = sessionCookie(send("POST", "/cart?item=book", null));
        String id = sessionId(cookie);
        assertThat(send("DELETE", "/cart", cookie).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> events().recent().contains("deleted " + id));
        assertThat(events().recent()).doesNotContain("expired " + id);
        assertEnded(id);
        assertThat(send("GET", "/cart", cookie).body()).isEqualTo("[]");
    }

    /** The {@code expires} key is gone, the hash lives at most five minutes more, then nothing is left. */
    private void assertEnded(String id) {
        String hash = namespace() + ":sessions:" + id;
        await().atMost(Duration.ofSeconds(5)).until(() -> sessionKeys(id).equals(List.of(hash)));
        assertThat(redis().getExpire(hash)).isBetween(1L, 300L);
        if (passEndedSessionRetention()) {
            assertThat(sessionKeys(id)).isEmpty();
        }
    }

    /** The keys that name the session: its hash and its {@code expires} key. */
    List<String> sessionKeys(String id) {
        return redis().keys(namespace() + ":*" + id + "*").stream().sorted().toList();
    }

    private HttpResponse<String> send(String method, String path, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code SESSION=...} from the response's Set-Cookie header. */
    private static String sessionCookie(HttpResponse<?> response) {
        String header = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(header).startsWith("SESSION=");
        return header.substring(0, header.indexOf(';'));
    }

    /** The cookie carries the session id in Base64. */
    private static String sessionId(String cookie) {
        String value = cookie.substring("SESSION=".length());
        return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }
}
