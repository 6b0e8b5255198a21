#!/usr/bin/env bash
# bench/boot-ratio.sh [RUNS]: start-up and footprint of edgepki's runtime next to the same container without
# edgepki (../shared/bench/reference-container), measured side by side on this machine, alternating the two.
#
# For each of RUNS rounds (default 5), in turn:
#   reference, first start (empty state)  → its console answers 200, then SIGTERM
#   edgepki,   first start (empty state)  → the console answers 200 and the edgeHub certificate file exists
#   reference, restart (the same state)   → the same
#   edgepki,   restart (the same state)   → the same
# Each process is timed from its start until it is ready (wall clock), and its peak RSS is read by
# /usr/bin/time. The report gives medians, min–max and the ratios edgepki / reference of the medians.
#
# Environment: JAVA_OPTS is passed to both JVMs (e.g. JAVA_OPTS="-Xmx64m -XX:+UseSerialGC");
# EDGEPKI_PROFILE=small gives both the options of runtime-config/jvm/small.options (bin/edgepki's small-gateway
# profile); EDGEPKI_FRAMEWORK (felix) as for bin/edgepki. Needs java, curl, python3 and GNU time; builds what is
# missing.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
ROOT=$(pwd)
WORK=$ROOT/bench/target/boot-ratio
REFERENCE_SRC=$ROOT/../shared/bench/reference-container
REFERENCE=$ROOT/bench/target/reference-container
REFERENCE_JAR=$REFERENCE/runtime-config/target/spike.jar
EDGEPKI_JAR=$ROOT/runtime-config/target/edgepki-${EDGEPKI_FRAMEWORK:-felix}.jar
mkdir -p "$WORK"

if [ ! -f "$EDGEPKI_JAR" ]; then
    make build
fi
if [ ! -f "$REFERENCE_JAR" ]; then
    rm -rf "$REFERENCE" && cp -r "$REFERENCE_SRC" "$REFERENCE"
    (cd "$REFERENCE" && mvn -q -B -ntp -DskipTests verify)
fi

# bin/edgepki runs "$JAVA": this one is timed, with JAVA_OPTS
cat >"$WORK/java-timed" <<'WRAPPER'
#!/bin/sh
exec /usr/bin/time -f %M -o "$BOOT_RATIO_RSS" java $JAVA_OPTS "$@"
WRAPPER
chmod +x "$WORK/java-timed"
export JAVA_OPTS=${JAVA_OPTS:-}
export EDGEPKI_PROFILE=${EDGEPKI_PROFILE:-default}
# the reference container gets the options edgepki's launcher adds for the profile
PROFILE_OPTS=""
if [ "$EDGEPKI_PROFILE" != default ]; then
    PROFILE_OPTS=$(grep -v -e '^#' -e '^[[:space:]]*$' "runtime-config/jvm/$EDGEPKI_PROFILE.options" | tr '\n' ' ')
fi

free_port() {
    python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'
}

# run KIND HOME: starts one runtime, waits until it is ready, stops it; prints "<seconds to ready> <peak RSS KiB>"
run() {
    local kind=$1 home=$2 port started ready pid code=000 i
    port=$(free_port)
    started=$(date +%s.%N)
    if [ "$kind" = reference ]; then
        /usr/bin/time -f '%M' -o "$home.rss" java $PROFILE_OPTS $JAVA_OPTS -Dorg.osgi.service.http.port="$port" \
            -Dorg.apache.felix.http.host=127.0.0.1 -Dgosh.args=--nointeractive \
            -Dorg.osgi.framework.storage="$home/fw" -jar "$REFERENCE_JAR" </dev/null >"$home.log" 2>&1 &
    else
        EDGEPKI_HOME=$home EDGEPKI_CONFIG=$ROOT/runtime-config/config.toml EDGEPKI_HTTP_PORT=$port EDGEPKI_DEV=1 \
            JAVA=$WORK/java-timed BOOT_RATIO_RSS=$home.rss runtime-config/bin/edgepki </dev/null >"$home.log" 2>&1 &
    fi
    pid=$!
    for i in $(seq 1 1200); do
        code=$(curl -s -o /dev/null -w '%{http_code}' -u admin:admin "http://127.0.0.1:$port/system/console/bundles" \
            2>/dev/null || true)
        if [ "$code" = 200 ] && { [ "$kind" = reference ] \
                || compgen -G "$home/certd/certs/aziotedgedmoduleedgeHubserver-*.cer" >/dev/null; }; then
            break
        fi
        sleep 0.02
    done
    ready=$(date +%s.%N)
    # the java process is /usr/bin/time's child: SIGTERM it, as a service manager would
    pkill -TERM -P "$pid" java 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if [ "$code" != 200 ]; then
        echo "boot-ratio: $kind did not become ready; see $home.log" >&2
        exit 1
    fi
    echo "$(python3 -c "print(round($ready - $started, 3))") $(tail -1 "$home.rss")"
}

results=$WORK/results.txt
: >"$results"
for round in $(seq 1 "$RUNS"); do
    for kind in reference edgepki; do
        home=$WORK/$kind-$round
        rm -rf "$home" "$home.log" "$home.rss" && mkdir -p "$home"
        echo "$kind first $(run "$kind" "$home")" >>"$results"
    done
    for kind in reference edgepki; do
        echo "$kind restart $(run "$kind" "$WORK/$kind-$round")" >>"$results"
    done
    echo "boot-ratio: round $round of $RUNS done" >&2
done

python3 - "$results" "$RUNS" "${PROFILE_OPTS}${JAVA_OPTS:-}" "$EDGEPKI_PROFILE" <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
def values(kind, start, column):
    return [float(r[column]) for r in rows if r[0] == kind and r[1] == start]
print(f"boot-ratio: {sys.argv[2]} runs each, alternating, profile {sys.argv[4]}, "
      f"JVM options of both: {sys.argv[3].strip() or 'the JVM defaults'}")
print(f"{'measure':34} {'reference median (min-max)':28} {'edgepki median (min-max)':28} ratio / difference")
for start in ("first", "restart"):
    ref, edge = values("reference", start, 2), values("edgepki", start, 2)
    r, e = statistics.median(ref), statistics.median(edge)
    print(f"{start + ' start to ready (s)':34} {r:6.2f} ({min(ref):.2f}-{max(ref):.2f}){'':12} "
          f"{e:6.2f} ({min(edge):.2f}-{max(edge):.2f}){'':12} {e / r:.2f}x")
for start in ("first", "restart"):
    ref = [v / 1024 for v in values("reference", start, 3)]
    edge = [v / 1024 for v in values("edgepki", start, 3)]
    r, e = statistics.median(ref), statistics.median(edge)
    print(f"{start + ' start peak RSS (MiB)':34} {r:6.0f} ({min(ref):.0f}-{max(ref):.0f}){'':14} "
          f"{e:6.0f} ({min(edge):.0f}-{max(edge):.0f}){'':14} {e - r:+.0f} MiB")
EOF
