package dev.redisinside.engine.command;

import dev.redisinside.engine.support.EngineTest;
import dev.redisinside.engine.support.RawClient;
import dev.redisinside.engine.support.PrivateRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random glob patterns (escapes, classes with ranges and negation, unterminated classes, stars and
 * question marks) matched by a private real Redis and by us against the same names: PUBSUB CHANNELS
 * (the Pub/Sub matcher) and KEYS (the key matcher). Skipped when no redis-server is installed.
 */
class GlobDifferentialTest extends EngineTest {

    private static final String PATTERN_ALPHABET = "ab-^]\\[*?";
    private static final String NAME_ALPHABET = "ab-^]\\[*";

    @RegisterExtension
    final PrivateRedis redis = new PrivateRedis();

    @Test
    void patternsMatchTheSameChannelsAndKeysAsInRedis() {
        Random random = new Random(7);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            names.add(randomText(random, NAME_ALPHABET, 1 + random.nextInt(5)));
        }
        List<String> differences = new ArrayList<>();
        try (RawClient realSubscriber = new RawClient(redis.port()); RawClient real = new RawClient(redis.port());
                RawClient ourSubscriber = newClient()) {
            real.call("FLUSHALL");
            for (String name : names) {
                realSubscriber.call("SUBSCRIBE", name);
                ourSubscriber.call("SUBSCRIBE", name);
                real.call("SET", name, "1");
                client.call("SET", name, "1");
            }
            for (int i = 0; i < 3000; i++) {
                String pattern = randomText(random, PATTERN_ALPHABET, 1 + random.nextInt(7));
                for (String command : new String[] {"PUBSUB CHANNELS", "KEYS"}) {
                    String[] argv = (command + " x").split(" ");
                    argv[argv.length - 1] = pattern;
                    TreeSet<String> expected = elements(real.call(argv));
                    TreeSet<String> actual = elements(client.call(argv));
                    if (!expected.equals(actual)) {
                        differences.add(command + " '" + pattern + "': redis " + expected + " ours " + actual);
                    }
                }
            }
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** The bulk strings of a flat array reply, as a sorted set. */
    private static TreeSet<String> elements(String reply) {
        String[] lines = reply.split("\r\n");
        TreeSet<String> result = new TreeSet<>();
        for (int i = 2; i < lines.length; i += 2) {
            result.add(lines[i]);
        }
        return result;
    }
}
