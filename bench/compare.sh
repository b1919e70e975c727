#!/usr/bin/env bash
# bench/compare.sh — our standalone server against a real redis-server, same redis-benchmark workloads,
# in one run. Not part of the test suite.
#
# Usage (from the repository root or anywhere inside it):
#   bench/compare.sh
# Optional environment:
#   N_UNPIPELINED=50000    requests per test at -c 50
#   N_PIPELINED=500000     requests per test at -c 50 -P 16
#   TESTS="ping_mbulk set get incr mset"   (also: evalsha, a one-command script)
#   ROUNDS=5               runs per test, Redis and ours alternating; the table shows medians
#   VERBOSE=1              also print each round's ratios
#   MODES="unpipelined pipelined"
#   SKIP_MEMORY=1          skip the memory figure
#   KEYS=1000000           small string keys loaded for the memory figure
#   OURS_PORT, REDIS_PORT  loopback ports to use (default: free ones picked at random)
#   JAVA_OPTS              extra JVM options for our server (e.g. -XX:+UseSerialGC)
# Needs java 17+ (with jcmd), redis-server, redis-cli, redis-benchmark, awk. Builds
# server-engine/target/redis-inside-server.jar only when it is missing.
#
# What it prints:
#   - per workload (unpipelined -c 50, pipelined -c 50 -P 16) and test: ops/s of Redis and of ours, the
#     ratio ours/redis, and each server's CPU time per request in µs (user+system ticks of the server
#     process from /proc/<pid>/stat fields 14+15, before/after the workload, divided by the requests).
#     redis-benchmark saturates a core before either server does, so CPU per request is what tells the
#     servers apart; both servers run each test back to back so a busy machine hurts both alike.
#   - bytes per key after loading KEYS keys "key:<n>" = "val" with redis-cli --pipe: Redis's used_memory
#     delta, ours the live heap delta (jcmd GC.class_histogram total, taken after a full GC).
set -euo pipefail

N_UNPIPELINED=${N_UNPIPELINED:-50000}
N_PIPELINED=${N_PIPELINED:-500000}
TESTS=${TESTS:-"ping_mbulk set get incr mset"}
MODES=${MODES:-"unpipelined pipelined"}
SKIP_MEMORY=${SKIP_MEMORY:-}
KEYS=${KEYS:-1000000}
JAVA_OPTS=${JAVA_OPTS:-}
ROUNDS=${ROUNDS:-5}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR="$ROOT/server-engine/target/redis-inside-server.jar"
WORK=$(mktemp -d /tmp/redis-inside-bench.XXXXXX)
OURS_PID=""
REDIS_PID=""

cleanup() {
    set +e
    for pid in $OURS_PID $REDIS_PID; do
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in java jcmd redis-server redis-cli redis-benchmark awk; do
    command -v "$tool" >/dev/null || { echo "compare.sh: $tool not found" >&2; exit 1; }
done

if [[ ! -f "$JAR" ]]; then
    echo "Building $JAR ..."
    (cd "$ROOT" && ./mvnw -q -pl server-engine -am package -DskipTests)
fi

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
    local port
    for port in $(shuf -i 20000-60000 -n 100); do
        if ! listening "$port" && [[ "$port" != "${1:-}" ]]; then
            echo "$port"
            return
        fi
    done
    echo "compare.sh: no free port found" >&2
    exit 1
}

wait_ready() {
    local port=$1 pid=$2
    for _ in $(seq 1 300); do
        if [[ "$(redis-cli -p "$port" ping 2>/dev/null)" == "PONG" ]]; then
            return
        fi
        kill -0 "$pid" 2>/dev/null || { echo "compare.sh: server on port $port died" >&2; exit 1; }
        sleep 0.1
    done
    echo "compare.sh: server on port $port did not answer" >&2
    exit 1
}

# utime + stime of the process (all threads), in clock ticks. The command name may hold spaces, so
# the fields are counted after its closing parenthesis (field 3 onwards).
cpu_ticks() {
    local stat rest
    stat=$(<"/proc/$1/stat")
    rest=${stat##*) }
    read -r -a fields <<<"$rest"
    echo $((fields[11] + fields[12]))
}

TICK_US=$((1000000 / $(getconf CLK_TCK)))

# The redis-benchmark arguments of one test: a built-in test name (-t) or "evalsha", a one-command
# script (return redis.call('INCR', KEYS[1])) loaded into both servers before the runs.
SCRIPT="return redis.call('INCR', KEYS[1])"
test_args() {
    case $1 in
        evalsha) echo "EVALSHA $SCRIPT_SHA 1 bench:evalsha" ;;
        *) echo "-t $1" ;;
    esac
}

# Runs one redis-benchmark test; prints "<ops/s> <cpu µs per request>" of the server.
bench() {
    local port=$1 pid=$2 test=$3 n=$4
    shift 4
    local before after rps
    before=$(cpu_ticks "$pid")
    # A server that lacks the command makes redis-benchmark stop with an error: reported as "-".
    # shellcheck disable=SC2046
    rps=$(redis-benchmark -h 127.0.0.1 -p "$port" -n "$n" -c 50 "$@" --csv $(test_args "$test") 2>"$WORK/bench.err" \
        | awk -F'","' 'NR > 1 { gsub(/"/, "", $2); last = $2 } END { print last }') || true  # the last row: lrange_* first report their LPUSH fill
    after=$(cpu_ticks "$pid")
    if [[ -z "$rps" ]] || grep -q "^Error" "$WORK/bench.err"; then
        echo "- -"
        return
    fi
    awk -v rps="$rps" -v ticks=$((after - before)) -v us="$TICK_US" -v n="$n" \
        'BEGIN { printf "%s %.2f\n", rps, ticks * us / n }'
}

# Median of the numbers given as arguments ("-" when any is "-").
median() {
    printf '%s\n' "$@" | awk '/^-$/ { bad = 1 } { v[NR] = $1 } END {
        if (bad || NR == 0) { print "-"; exit }
        n = asort(v); if (n % 2) print v[(n + 1) / 2]; else print (v[n / 2] + v[n / 2 + 1]) / 2 }'
}

OURS_PORT=${OURS_PORT:-$(free_port)}
REDIS_PORT=${REDIS_PORT:-$(free_port "$OURS_PORT")}

# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" --port "$OURS_PORT" >"$WORK/ours.log" 2>&1 &
OURS_PID=$!
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" \
    >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
wait_ready "$OURS_PORT" "$OURS_PID"
wait_ready "$REDIS_PORT" "$REDIS_PID"

echo "redis-server $(redis-server --version | awk '{print $3}' | cut -d= -f2) on :$REDIS_PORT (pid $REDIS_PID)," \
    "redis-inside on :$OURS_PORT (pid $OURS_PID), java $(java -version 2>&1 | awk -F'"' 'NR==1 {print $2}')," \
    "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
SCRIPT_SHA=$(redis-cli -p "$REDIS_PORT" script load "$SCRIPT")
redis-cli -p "$OURS_PORT" script load "$SCRIPT" >/dev/null

echo "Warming up our JVM ..."
for test in $TESTS; do
    # shellcheck disable=SC2046
    redis-benchmark -h 127.0.0.1 -p "$OURS_PORT" -n $((N_UNPIPELINED / 2)) -c 50 -q $(test_args "$test") >/dev/null 2>&1 || true
    # shellcheck disable=SC2046
    redis-benchmark -h 127.0.0.1 -p "$OURS_PORT" -n $((N_PIPELINED / 2)) -c 50 -P 16 -q $(test_args "$test") >/dev/null 2>&1 || true
done

echo
echo "$ROUNDS round(s) per test, Redis and ours alternating; figures are medians over the rounds"
printf '%-12s %-11s %12s %12s %8s %10s %10s %8s\n' \
    workload test "redis ops/s" "ours ops/s" ratio "redis µs" "ours µs" "cpu x"
for mode in $MODES; do
    if [[ $mode == unpipelined ]]; then n=$N_UNPIPELINED; extra=(); else n=$N_PIPELINED; extra=(-P 16); fi
    for test in $TESTS; do
        rr=(); orr=(); ru=(); ou=(); ratios=(); cpux=()
        for ((round = 0; round < ROUNDS; round++)); do
            read -r redis_rps redis_us <<<"$(bench "$REDIS_PORT" "$REDIS_PID" "$test" "$n" "${extra[@]}")"
            read -r ours_rps ours_us <<<"$(bench "$OURS_PORT" "$OURS_PID" "$test" "$n" "${extra[@]}")"
            rr+=("$redis_rps"); orr+=("$ours_rps"); ru+=("$redis_us"); ou+=("$ours_us")
            ratios+=("$(awk -v a="$ours_rps" -v b="$redis_rps" 'BEGIN { print (a == "-" || b == "-" || b == 0) ? "-" : a / b }')")
            cpux+=("$(awk -v a="$ours_us" -v b="$redis_us" 'BEGIN { print (a == "-" || b == "-" || b == 0) ? "-" : a / b }')")
        done
        awk -v m="$mode" -v t="$test" -v rr="$(median "${rr[@]}")" -v orps="$(median "${orr[@]}")" \
            -v ru="$(median "${ru[@]}")" -v ou="$(median "${ou[@]}")" \
            -v ratio="$(median "${ratios[@]}")" -v cx="$(median "${cpux[@]}")" \
            'BEGIN { if (ratio == "-") {
                         printf "%-12s %-11s %12s %12s %8s %10s %10s %8s\n", m, t, rr, orps, "-", ru, ou, "-"
                     } else {
                         printf "%-12s %-11s %12.0f %12.0f %8.2f %10.2f %10.2f %8.2f\n", m, t, rr, orps, ratio, ru, ou, cx
                     } }'
        if [[ -n "${VERBOSE:-}" ]]; then
            echo "    rounds: ratio ${ratios[*]}; cpu x ${cpux[*]}"
        fi
    done
done
echo "(ratio = ours/redis ops/s; µs = server CPU per request; cpu x = ours/redis CPU per request;"
echo " - = the server does not implement the command)"

[[ -n "$SKIP_MEMORY" ]] && exit 0

# Memory: KEYS small string keys into each, after emptying both.
awk -v n="$KEYS" 'BEGIN { for (i = 0; i < n; i++) { k = "key:" i;
    printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$3\r\nval\r\n", length(k), k } }' >"$WORK/load.resp"

used_memory() { redis-cli -p "$1" info memory | awk -F: '/^used_memory:/ { print $2 + 0 }'; }
live_heap() {
    jcmd "$1" GC.run >/dev/null
    jcmd "$1" GC.class_histogram | awk '$1 == "Total" { print $3 }'
}

redis-cli -p "$REDIS_PORT" flushall >/dev/null
redis-cli -p "$OURS_PORT" flushall >/dev/null
redis_before=$(used_memory "$REDIS_PORT")
ours_before=$(live_heap "$OURS_PID")
redis-cli -p "$REDIS_PORT" --pipe <"$WORK/load.resp" >/dev/null
redis-cli -p "$OURS_PORT" --pipe <"$WORK/load.resp" >/dev/null
redis_keys=$(redis-cli -p "$REDIS_PORT" dbsize)
ours_keys=$(redis-cli -p "$OURS_PORT" dbsize)
redis_after=$(used_memory "$REDIS_PORT")
ours_after=$(live_heap "$OURS_PID")

echo
awk -v rk="$redis_keys" -v ok="$ours_keys" -v rb="$redis_before" -v ra="$redis_after" \
    -v ob="$ours_before" -v oa="$ours_after" 'BEGIN {
    r = (ra - rb) / rk; o = (oa - ob) / ok;
    printf "memory: %d keys \"key:<n>\" = \"val\"\n", rk;
    printf "  redis used_memory delta  %8.1f bytes/key  (%d -> %d)\n", r, rb, ra;
    printf "  ours live heap delta     %8.1f bytes/key  (%d -> %d, %d keys)\n", o, ob, oa, ok;
    printf "  ratio ours/redis         %8.2f\n", o / r }'
