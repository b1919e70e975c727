package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Command;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.LatencyHistogram;
import dev.redisinside.engine.config.ServerConfig;
import dev.redisinside.engine.pubsub.PubSub;
import dev.redisinside.engine.server.Client;
import dev.redisinside.engine.server.RedisEngine;
import dev.redisinside.engine.store.Database;
import dev.redisinside.engine.store.MemoryEstimate;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The INFO text, section by section in Redis 7.0's order and field names. Figures a JVM cannot know the
 * way Redis does (allocator, fork, replication backlog) are given the values an idle standalone Redis
 * without persistence shows.
 */
final class ServerInfo {

    private ServerInfo() {
    }

    static String render(Context ctx, Set<String> sections, boolean all) {
        RedisEngine engine = ctx.engine();
        StringBuilder info = new StringBuilder(2048);
        int[] count = {0};
        if (wants(sections, all, "server")) {
            header(info, count, "Server");
            server(info, engine);
        }
        if (wants(sections, all, "clients")) {
            header(info, count, "Clients");
            clients(info, engine);
        }
        if (wants(sections, all, "memory")) {
            header(info, count, "Memory");
            memory(info, engine);
        }
        if (wants(sections, all, "persistence")) {
            header(info, count, "Persistence");
            persistence(info, engine);
        }
        if (wants(sections, all, "stats")) {
            header(info, count, "Stats");
            stats(info, engine);
        }
        if (wants(sections, all, "replication")) {
            header(info, count, "Replication");
            replication(info, engine);
        }
        if (wants(sections, all, "cpu")) {
            header(info, count, "CPU");
            cpu(info);
        }
        if (all || sections.contains("module_list") || sections.contains("modules")) {
            header(info, count, "Modules");
        }
        if (wants(sections, all, "commandstats")) {
            header(info, count, "Commandstats");
            for (Command command : engine.commandTable().commands()) {
                commandStats(info, command);
                for (Command sub : command.subcommands().values()) {
                    commandStats(info, sub);
                }
            }
        }
        if (wants(sections, all, "errorstats")) {
            header(info, count, "Errorstats");
            for (Map.Entry<String, Long> e : engine.errorStats().entrySet()) {
                line(info, "errorstat_" + e.getKey(), "count=" + e.getValue());
            }
        }
        if (wants(sections, all, "latencystats")) {
            header(info, count, "Latencystats");
            if (engine.config().latencyTracking) {
                String[] percentiles = engine.config().parameter("latency-tracking-info-percentiles").getter().get()
                        .trim().split("\\s+");
                for (Command command : engine.commandTable().commands()) {
                    latencyStats(info, command, percentiles);
                    for (Command sub : command.subcommands().values()) {
                        latencyStats(info, sub, percentiles);
                    }
                }
            }
        }
        if (wants(sections, all, "cluster")) {
            header(info, count, "Cluster");
            line(info, "cluster_enabled", 0);
        }
        if (wants(sections, all, "keyspace")) {
            header(info, count, "Keyspace");
            for (int i = 0; i < engine.databaseCount(); i++) {
                Database db = engine.database(i);
                if (db.size() > 0 || db.volatileCount() > 0) {
                    line(info, "db" + i, "keys=" + db.size() + ",expires=" + db.volatileCount() + ",avg_ttl=0");
                }
            }
        }
        return info.toString();
    }

    private static boolean wants(Set<String> sections, boolean all, String name) {
        return all || sections.contains(name);
    }

    private static void header(StringBuilder info, int[] count, String title) {
        if (count[0]++ > 0) {
            info.append("\r\n");
        }
        info.append("# ").append(title).append("\r\n");
    }

    private static void line(StringBuilder info, String name, Object value) {
        info.append(name).append(':').append(value).append("\r\n");
    }

    private static void server(StringBuilder info, RedisEngine engine) {
        long uptime = Math.max(0, (engine.clock().millis() - engine.startedAt()) / 1000);
        line(info, "redis_version", RedisEngine.VERSION);
        line(info, "redis_git_sha1", "00000000");
        line(info, "redis_git_dirty", 0);
        line(info, "redis_build_id", "0");
        line(info, "redis_mode", "standalone");
        line(info, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        line(info, "arch_bits", "64".equals(System.getProperty("sun.arch.data.model")) ? 64 : 32);
        line(info, "monotonic_clock", "POSIX clock_gettime");
        line(info, "multiplexing_api", dev.redisinside.engine.server.NettyServer.multiplexingApi());
        line(info, "atomicvar_api", "c11-builtin");
        line(info, "gcc_version", "0.0.0");
        line(info, "process_id", ProcessHandle.current().pid());
        line(info, "process_supervised", "no");
        line(info, "run_id", engine.runId());
        line(info, "tcp_port", engine.config().port);
        line(info, "server_time_usec", engine.clock().micros());
        line(info, "uptime_in_seconds", uptime);
        line(info, "uptime_in_days", uptime / 86400);
        line(info, "hz", engine.config().hz);
        line(info, "configured_hz", engine.config().hz);
        line(info, "lru_clock", (engine.clock().millis() / 1000) & ((1 << 24) - 1));
        line(info, "executable", "");
        line(info, "config_file", "");
        line(info, "io_threads_active", 0);
    }

    private static void clients(StringBuilder info, RedisEngine engine) {
        int connected = 0;
        int blocked = 0;
        for (Client client : engine.clients()) {
            if (client.isOpen()) {
                connected++;
                if (client.blocked) {
                    blocked++;
                }
            }
        }
        line(info, "connected_clients", connected);
        line(info, "cluster_connections", 0);
        line(info, "maxclients", engine.config().maxclients);
        line(info, "client_recent_max_input_buffer", 0);
        line(info, "client_recent_max_output_buffer", 0);
        line(info, "blocked_clients", blocked);
        line(info, "tracking_clients", engine.tracking().trackingClients());
        line(info, "clients_in_timeout_table", 0);
    }

    private static void memory(StringBuilder info, RedisEngine engine) {
        ServerConfig config = engine.config();
        long used = engine.usedMemory();
        long peak = engine.peakMemory();
        long startup = MemoryEstimate.STARTUP_BYTES;
        long overhead = memoryOverhead(engine);
        long dataset = used - overhead;
        long total = Runtime.getRuntime().totalMemory();
        long system = Runtime.getRuntime().maxMemory();
        line(info, "used_memory", used);
        line(info, "used_memory_human", MemoryEstimate.human(used));
        line(info, "used_memory_rss", total);
        line(info, "used_memory_rss_human", MemoryEstimate.human(total));
        line(info, "used_memory_peak", peak);
        line(info, "used_memory_peak_human", MemoryEstimate.human(peak));
        line(info, "used_memory_peak_perc", percent(used, peak));
        line(info, "used_memory_overhead", overhead);
        line(info, "used_memory_startup", startup);
        line(info, "used_memory_dataset", dataset);
        line(info, "used_memory_dataset_perc", percent(dataset, Math.max(1, used - startup)));
        line(info, "allocator_allocated", used);
        line(info, "allocator_active", total);
        line(info, "allocator_resident", total);
        line(info, "total_system_memory", system);
        line(info, "total_system_memory_human", MemoryEstimate.human(system));
        line(info, "used_memory_lua", 32768);
        line(info, "used_memory_vm_eval", 32768);
        line(info, "used_memory_lua_human", "32.00K");
        line(info, "used_memory_scripts_eval", 0);
        line(info, "number_of_cached_scripts", engine.scripts().cachedScripts());
        line(info, "number_of_functions", engine.scripts().functions().functionCount());
        line(info, "number_of_libraries", engine.scripts().functions().libraries().size());
        line(info, "used_memory_vm_functions", 33792);
        line(info, "used_memory_vm_total", 66560);
        line(info, "used_memory_vm_total_human", "65.00K");
        line(info, "used_memory_functions", 200);
        line(info, "used_memory_scripts", 200);
        line(info, "used_memory_scripts_human", "200B");
        line(info, "maxmemory", config.maxmemory);
        line(info, "maxmemory_human", MemoryEstimate.human(config.maxmemory));
        line(info, "maxmemory_policy", config.maxmemoryPolicy);
        line(info, "allocator_frag_ratio", "1.00");
        line(info, "allocator_frag_bytes", 0);
        line(info, "allocator_rss_ratio", "1.00");
        line(info, "allocator_rss_bytes", 0);
        line(info, "rss_overhead_ratio", "1.00");
        line(info, "rss_overhead_bytes", 0);
        line(info, "mem_fragmentation_ratio", String.format(Locale.ROOT, "%.2f", total / (double) Math.max(1, used)));
        line(info, "mem_fragmentation_bytes", Math.max(0, total - used));
        line(info, "mem_not_counted_for_evict", 0);
        line(info, "mem_replication_backlog", 0);
        line(info, "mem_total_replication_buffers", 0);
        line(info, "mem_clients_slaves", 0);
        line(info, "mem_clients_normal", 0);
        line(info, "mem_cluster_links", 0);
        line(info, "mem_aof_buffer", 0);
        line(info, "mem_allocator", "jvm");
        line(info, "active_defrag_running", 0);
        line(info, "lazyfree_pending_objects", 0);
        line(info, "lazyfreed_objects", 0);
    }

    /** Redis's used_memory_overhead: the startup figure and every database's dict overheads. */
    static long memoryOverhead(RedisEngine engine) {
        long overhead = MemoryEstimate.STARTUP_BYTES;
        for (int i = 0; i < engine.databaseCount(); i++) {
            Database db = engine.database(i);
            overhead += db.mainDictOverhead() + db.expiresDictOverhead();
        }
        return overhead;
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.2f%%", whole == 0 ? 0 : part * 100.0 / whole);
    }

    private static void persistence(StringBuilder info, RedisEngine engine) {
        line(info, "loading", 0);
        line(info, "async_loading", 0);
        line(info, "current_cow_peak", 0);
        line(info, "current_cow_size", 0);
        line(info, "current_cow_size_age", 0);
        line(info, "current_fork_perc", "0.00");
        line(info, "current_save_keys_processed", 0);
        line(info, "current_save_keys_total", 0);
        line(info, "rdb_changes_since_last_save", engine.dirty());
        line(info, "rdb_bgsave_in_progress", 0);
        line(info, "rdb_last_save_time", engine.lastSave());
        line(info, "rdb_last_bgsave_status", "ok");
        line(info, "rdb_last_bgsave_time_sec", -1);
        line(info, "rdb_current_bgsave_time_sec", -1);
        line(info, "rdb_saves", 0);
        line(info, "rdb_last_cow_size", 0);
        line(info, "rdb_last_load_keys_expired", 0);
        line(info, "rdb_last_load_keys_loaded", 0);
        line(info, "aof_enabled", 0);
        line(info, "aof_rewrite_in_progress", 0);
        line(info, "aof_rewrite_scheduled", 0);
        line(info, "aof_last_rewrite_time_sec", -1);
        line(info, "aof_current_rewrite_time_sec", -1);
        line(info, "aof_last_bgrewrite_status", "ok");
        line(info, "aof_rewrites", 0);
        line(info, "aof_rewrites_consecutive_failures", 0);
        line(info, "aof_last_write_status", "ok");
        line(info, "aof_last_cow_size", 0);
        line(info, "module_fork_in_progress", 0);
        line(info, "module_fork_last_cow_size", 0);
    }

    private static void stats(StringBuilder info, RedisEngine engine) {
        RedisEngine.Stats s = engine.stats;
        line(info, "total_connections_received", s.totalConnections);
        line(info, "total_commands_processed", s.totalCommands);
        line(info, "instantaneous_ops_per_sec", 0);
        line(info, "total_net_input_bytes", s.netInputBytes);
        line(info, "total_net_output_bytes", s.netOutputBytes);
        line(info, "total_net_repl_input_bytes", 0);
        line(info, "total_net_repl_output_bytes", 0);
        line(info, "instantaneous_input_kbps", "0.00");
        line(info, "instantaneous_output_kbps", "0.00");
        line(info, "instantaneous_input_repl_kbps", "0.00");
        line(info, "instantaneous_output_repl_kbps", "0.00");
        line(info, "rejected_connections", s.rejectedConnections);
        line(info, "sync_full", 0);
        line(info, "sync_partial_ok", 0);
        line(info, "sync_partial_err", 0);
        line(info, "expired_keys", s.expiredKeys);
        line(info, "expired_stale_perc", "0.00");
        line(info, "expired_time_cap_reached_count", 0);
        line(info, "expire_cycle_cpu_milliseconds", 0);
        line(info, "evicted_keys", s.evictedKeys);
        line(info, "evicted_clients", 0);
        line(info, "total_eviction_exceeded_time", 0);
        line(info, "current_eviction_exceeded_time", 0);
        line(info, "keyspace_hits", s.keyspaceHits);
        line(info, "keyspace_misses", s.keyspaceMisses);
        line(info, "pubsub_channels", engine.pubSub().channelCount(PubSub.Kind.CHANNEL));
        line(info, "pubsub_patterns", engine.pubSub().patternCount());
        line(info, "pubsubshard_channels", engine.pubSub().channelCount(PubSub.Kind.SHARD));
        line(info, "latest_fork_usec", 0);
        line(info, "total_forks", 0);
        line(info, "migrate_cached_sockets", 0);
        line(info, "slave_expires_tracked_keys", 0);
        line(info, "active_defrag_hits", 0);
        line(info, "active_defrag_misses", 0);
        line(info, "active_defrag_key_hits", 0);
        line(info, "active_defrag_key_misses", 0);
        line(info, "total_active_defrag_time", 0);
        line(info, "current_active_defrag_time", 0);
        line(info, "tracking_total_keys", engine.tracking().trackedKeys());
        line(info, "tracking_total_items", engine.tracking().trackedItems());
        line(info, "tracking_total_prefixes", engine.tracking().prefixCount());
        line(info, "unexpected_error_replies", 0);
        line(info, "total_error_replies", s.totalErrorReplies);
        line(info, "dump_payload_sanitizations", 0);
        line(info, "total_reads_processed", s.totalCommands);
        line(info, "total_writes_processed", s.totalCommands);
        line(info, "io_threaded_reads_processed", 0);
        line(info, "io_threaded_writes_processed", 0);
        line(info, "reply_buffer_shrinks", 0);
        line(info, "reply_buffer_expands", 0);
    }

    private static void replication(StringBuilder info, RedisEngine engine) {
        line(info, "role", "master");
        line(info, "connected_slaves", 0);
        line(info, "master_failover_state", "no-failover");
        line(info, "master_replid", engine.runId());
        line(info, "master_replid2", "0000000000000000000000000000000000000000");
        line(info, "master_repl_offset", 0);
        line(info, "second_repl_offset", -1);
        line(info, "repl_backlog_active", 0);
        line(info, "repl_backlog_size", 1048576);
        line(info, "repl_backlog_first_byte_offset", 0);
        line(info, "repl_backlog_histlen", 0);
    }

    private static void cpu(StringBuilder info) {
        double user = 0;
        double total = 0;
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            total = sun.getProcessCpuTime() / 1e9;
        }
        user = total * 0.7;
        double sys = total - user;
        line(info, "used_cpu_sys", String.format(Locale.ROOT, "%.6f", sys));
        line(info, "used_cpu_user", String.format(Locale.ROOT, "%.6f", user));
        line(info, "used_cpu_sys_children", "0.000000");
        line(info, "used_cpu_user_children", "0.000000");
        line(info, "used_cpu_sys_main_thread", String.format(Locale.ROOT, "%.6f", sys));
        line(info, "used_cpu_user_main_thread", String.format(Locale.ROOT, "%.6f", user));
    }

    /** {@code latency_percentiles_usec_<command>:p50=..,p99=..,p99.9=..} for a command that ran. */
    private static void latencyStats(StringBuilder info, Command command, String[] percentiles) {
        LatencyHistogram histogram = command.stats().latency();
        if (histogram == null || histogram.total() == 0 || percentiles.length == 0 || percentiles[0].isEmpty()) {
            return;
        }
        StringBuilder values = new StringBuilder();
        for (String p : percentiles) {
            double percentile = Double.parseDouble(p);
            if (values.length() > 0) {
                values.append(',');
            }
            values.append('p').append(trimDouble(percentile)).append('=').append(String.format(Locale.ROOT, "%.3f",
                    histogram.valueAtPercentile(percentile) / 1000.0));
        }
        line(info, "latency_percentiles_usec_" + command.fullName(), values);
    }

    /** Redis's "%f" then trimDoubleString: 50 stays 50, 99.9 stays 99.9. */
    private static String trimDouble(double value) {
        String text = String.format(Locale.ROOT, "%f", value);
        if (text.indexOf('.') >= 0) {
            text = text.replaceAll("0+$", "");
            if (text.endsWith(".")) {
                text = text.substring(0, text.length() - 1);
            }
        }
        return text;
    }

    private static void commandStats(StringBuilder info, Command command) {
        Command.CommandStats s = command.stats();
        if (s.calls == 0 && s.failedCalls == 0 && s.rejectedCalls == 0) {
            return;
        }
        String perCall = String.format(Locale.ROOT, "%.2f", s.calls == 0 ? 0 : (float) s.microseconds / s.calls);
        line(info, "cmdstat_" + command.fullName(), "calls=" + s.calls + ",usec=" + s.microseconds
                + ",usec_per_call=" + perCall + ",rejected_calls=" + s.rejectedCalls + ",failed_calls=" + s.failedCalls);
    }
}
