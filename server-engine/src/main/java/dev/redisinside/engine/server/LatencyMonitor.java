package dev.redisinside.engine.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latency monitor (Redis's latency.c): per event, a ring of the last 160 per-second maxima and the
 * all-time maximum. Samples are only taken when {@code latency-monitor-threshold} is set.
 */
public final class LatencyMonitor {

    private static final int SAMPLES = 160;

    /** A time (unix seconds) and a latency in milliseconds. */
    public record Sample(long time, long latency) {
    }

    /** One event's series. */
    public static final class Series {
        private final Sample[] samples = new Sample[SAMPLES];
        private int next;
        private long max;

        public long max() {
            return max;
        }

        /** Oldest first. */
        public List<Sample> samples() {
            List<Sample> list = new ArrayList<>();
            for (int j = 0; j < SAMPLES; j++) {
                Sample s = samples[(next + j) % SAMPLES];
                if (s != null) {
                    list.add(s);
                }
            }
            return list;
        }

        public Sample latest() {
            return samples[(next + SAMPLES - 1) % SAMPLES];
        }
    }

    private final Map<String, Series> events = new LinkedHashMap<>();

    public void add(String event, long latencyMillis, long nowSeconds) {
        Series series = events.computeIfAbsent(event, e -> new Series());
        series.max = Math.max(series.max, latencyMillis);
        Sample previous = series.latest();
        if (previous != null && previous.time() == nowSeconds) {
            if (latencyMillis > previous.latency()) {
                series.samples[(series.next + SAMPLES - 1) % SAMPLES] = new Sample(nowSeconds, latencyMillis);
            }
            return;
        }
        series.samples[series.next] = new Sample(nowSeconds, latencyMillis);
        series.next = (series.next + 1) % SAMPLES;
    }

    public Map<String, Series> events() {
        return events;
    }

    /** Drops one event's data, or every event's when {@code event} is null; the number dropped. */
    public int reset(String event) {
        if (event == null) {
            int n = events.size();
            events.clear();
            return n;
        }
        return events.remove(event) == null ? 0 : 1;
    }
}
