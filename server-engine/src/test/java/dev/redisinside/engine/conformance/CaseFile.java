package dev.redisinside.engine.conformance;

import dev.redisinside.engine.protocol.RequestDecoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A conformance case file ({@code name.cases}): one command per line in redis-cli syntax, {@code #}
 * comments, a {@code ?sort } prefix for commands whose reply is an unordered collection, a
 * {@code ?replies=N } prefix for commands that answer with several replies (SUBSCRIBE a b) and a
 * {@code ?replies3=N } prefix for a different count in RESP3, where push messages (keyspace events,
 * invalidations) reach the connection that caused them while RESP2 gets one reply. Its
 * recording ({@code name.recorded}) holds, for each command, the exact reply bytes of a real Redis in
 * RESP2 and in RESP3:
 *
 * <pre>
 * > SET k v
 * 2 +OK\r\n
 * 3 +OK\r\n
 * </pre>
 */
final class CaseFile {

    /** One command of a case file, with what Redis answered to it (null before recording). */
    record Step(int lineNumber, String line, boolean unordered, int replies, int replies3, byte[][] argv,
            byte[] resp2, byte[] resp3) {

        Step withReplies(byte[] resp2, byte[] resp3) {
            return new Step(lineNumber, line, unordered, replies, replies3, argv, resp2, resp3);
        }

        /** How many replies the command gets in the given protocol. */
        int replies(int protocol) {
            return protocol == 3 ? replies3 : replies;
        }

        /** Parses a source line: optional {@code ?sort}, {@code ?replies=N}, {@code ?replies3=N} prefixes, then the command. */
        static Step parse(int lineNumber, String line, byte[] resp2, byte[] resp3) {
            boolean unordered = false;
            int replies = 1;
            int replies3 = -1;
            String rest = line;
            while (rest.startsWith("?")) {
                int space = rest.indexOf(' ');
                String flag = rest.substring(1, space);
                if (flag.equals("sort")) {
                    unordered = true;
                } else if (flag.startsWith("replies=")) {
                    replies = Integer.parseInt(flag.substring(8));
                } else if (flag.startsWith("replies3=")) {
                    replies3 = Integer.parseInt(flag.substring(9));
                } else {
                    throw new IllegalArgumentException("line " + lineNumber + ": unknown flag ?" + flag);
                }
                rest = rest.substring(space + 1).strip();
            }
            byte[][] argv = RequestDecoder.splitArgs(rest.getBytes(StandardCharsets.UTF_8));
            if (argv == null || argv.length == 0) {
                throw new IllegalArgumentException("line " + lineNumber + ": cannot parse '" + line + "'");
            }
            return new Step(lineNumber, line, unordered, replies, replies3 < 0 ? replies : replies3, argv, resp2,
                    resp3);
        }
    }

    private static final String HEADER = "# Recorded from a real Redis by ConformanceRecorder; do not edit, re-record.";

    private CaseFile() {
    }

    /** Reads the commands of a {@code .cases} file. */
    static List<Step> readCases(Path file) {
        List<Step> steps = new ArrayList<>();
        List<String> lines = readLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                steps.add(Step.parse(i + 1, line, null, null));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }
        return steps;
    }

    /** Reads a {@code .recorded} file. */
    static List<Step> readRecording(Path file) {
        List<Step> steps = new ArrayList<>();
        List<String> lines = readLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("> ")) {
                continue;
            }
            String source = line.substring(2);
            String r2 = lines.get(i + 1);
            String r3 = lines.get(i + 2);
            if (!r2.startsWith("2 ") || !r3.startsWith("3 ")) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected the RESP2 and RESP3 lines");
            }
            steps.add(Step.parse(i + 1, source, Escapes.unescape(r2.substring(2)), Escapes.unescape(r3.substring(2))));
            i += 2;
        }
        return steps;
    }

    static void writeRecording(Path file, List<Step> steps) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (Step step : steps) {
            out.append("> ").append(step.line()).append('\n');
            out.append("2 ").append(Escapes.escape(step.resp2())).append('\n');
            out.append("3 ").append(Escapes.escape(step.resp3())).append('\n');
        }
        try {
            Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
