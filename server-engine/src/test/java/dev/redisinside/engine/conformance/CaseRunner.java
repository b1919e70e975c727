package dev.redisinside.engine.conformance;

import dev.redisinside.engine.support.RawClient;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Runs the commands of a case file against a server, once in RESP2 and once in RESP3. */
final class CaseRunner {

    private CaseRunner() {
    }

    /** Returns the steps with the replies this server gave. */
    static List<CaseFile.Step> run(String host, int port, List<CaseFile.Step> steps) {
        List<byte[]> resp2 = runPass(host, port, steps, 2);
        List<byte[]> resp3 = runPass(host, port, steps, 3);
        List<CaseFile.Step> result = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            result.add(steps.get(i).withReplies(resp2.get(i), resp3.get(i)));
        }
        return result;
    }

    private static final String FRESH_DEFAULT_USER = "*1\r\n$34\r\nuser default on nopass ~* &* +@all\r\n";

    /**
     * Leaves only the default user, with its rules of a fresh Redis, so that users made by one case file (or
     * left by a failed run) never reach another. A server already in that state is not touched.
     */
    private static void resetUsers(RawClient client) {
        if (client.call("ACL", "LIST").equals(FRESH_DEFAULT_USER)) {
            return;
        }
        for (String line : client.call("ACL", "USERS").split("\r\n")) {
            if (!line.isEmpty() && line.charAt(0) != '*' && line.charAt(0) != '$' && !line.equals("default")) {
                client.call("ACL", "DELUSER", line);
            }
        }
        client.call("ACL", "SETUSER", "default", "on", "nopass", "clearselectors", "~*", "&*", "+@all");
    }

    private static List<byte[]> runPass(String host, int port, List<CaseFile.Step> steps, int protocol) {
        List<byte[]> replies = new ArrayList<>();
        try (RawClient client = new RawClient(host, port)) {
            client.call("FLUSHALL");
            resetUsers(client);
            if (protocol == 3) {
                client.call("HELLO", "3");
            }
            for (CaseFile.Step step : steps) {
                client.sendBytes(step.argv());
                ByteArrayOutputStream reply = new ByteArrayOutputStream();
                for (int i = 0; i < step.replies(protocol); i++) {
                    reply.writeBytes(client.readReply());
                }
                replies.add(reply.toByteArray());
            }
        }
        return replies;
    }
}
