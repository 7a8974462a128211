#!/usr/bin/env bash
# PERF-3 load driver. One small fixed backend (nginx returning a canned JSON-RPC answer), measured
# in one run with wrk:
#   (a) directly,
#   (b) through nginx as a reverse proxy with an upstream keep-alive pool,
#   (c) through the ACF gateway with its default pipeline (bearer-JWT authentication and
#       authorization, QoS admission, JSON-RPC validation, tracing, metrics, audit to a file;
#       plaintext listener, the agent resolved by ANS name; wrk sends a JWT signed by an RSA key
#       the script generates),
#   (d) through the ACF gateway with every filter off (acf gateway --bare).
# Prints requests/s and p50/p99 per row; the last line is JSON:
#   {"direct_rps":..,"nginx_rps":..,"gateway_rps":..,"gateway_bare_rps":..,"ratio":..,"gateway_p99_ms":..,"nginx_p99_ms":..}
# with ratio = gateway_rps / nginx_rps (PERF-3 goal: >= 0.8).
#
# Installs nothing. Needs wrk, nginx, openssl, curl, jq, python3 (Debian:
# apt-get install wrk nginx-light openssl curl jq python3), Java 21+ ($JAVA_HOME, else java on the PATH) and the launcher
# (./mvnw -B -ntp package -pl examples/acf-cli -am -DskipTests).
#
# Environment:
#   DURATION      seconds per row (default 15)
#   WARMUP        seconds of warm-up per row before it is measured (default 5; longer on a busy
#                 machine, where the JIT may still be compiling after a short one)
#   ACF_JAR       the launcher to measure (default examples/acf-cli/target/acf.jar); row (d) is
#                 skipped (0) when it has no --bare
#   CONNECTIONS   wrk connections (default 64); wrk uses 2 threads
#   GATEWAY_JAVA_OPTS  JVM flags of the gateways (default: the recommended ones, see benchmarks/README.md)
#   JFR_DIR       when set, rows (c) and (d) are recorded with JFR into this directory
#                 (gateway.jfr, gateway-bare.jfr; summarise with benchmarks/JfrSummary.java)
#   ROWS          the rows to run (default abcd); e.g. ROWS=d measures the bare gateway alone
#   AB_JAR        a second launcher to compare with ACF_JAR: the gateway rows run for both,
#                 alternately (A B, then B A, ... AB_ROUNDS times, default 2), against the same
#                 ANS, backend and load; the summary gives each one's mean CPU per request.
#                 Requests/s on a shared machine mostly measure the other processes; CPU per
#                 request of the two launchers side by side is the figure to compare.
#   AB_JAVA_OPTS  the JVM flags of side B (default GATEWAY_JAVA_OPTS); with AB_JAR unset, side B
#                 runs the same launcher, so AB_JAVA_OPTS alone compares two sets of flags
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-64}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--XX:+UseParallelGC -Xms512m -Xmx512m -Xmn384m -XX:+AlwaysPreTouch -XX:-UsePerfData}
JAR=${ACF_JAR:-examples/acf-cli/target/acf.jar}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
missing=()
for tool in wrk nginx openssl curl jq python3 "$JAVA"; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "error: not installed: ${missing[*]}" >&2
    echo "  Debian/Ubuntu: sudo apt-get install wrk nginx-light openssl curl jq python3 (and a JDK 21+ for java)" >&2
    exit 1
fi
java_major=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
[ "${java_major:-0}" -ge 21 ] || { echo "error: $JAVA is Java $java_major; set JAVA_HOME to a JDK 21+" >&2; exit 1; }
[ -f "$JAR" ] || { echo "error: $JAR is missing; run ./mvnw -B -ntp package -pl examples/acf-cli -am -DskipTests" >&2; exit 1; }
if [ -n "${JFR_DIR:-}" ]; then
    JCMD=$(dirname "$(command -v "$JAVA")")/jcmd
    [ -x "$JCMD" ] || { echo "error: JFR_DIR needs the JDK's jcmd beside $JAVA" >&2; exit 1; }
    mkdir -p "$JFR_DIR"
    JFR_DIR=$(cd "$JFR_DIR" && pwd)
fi

WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
BACKEND=$(free_port); PROXY=$(free_port); ANS=$(free_port)
ROWS=${ROWS:-abcd}
AB_ROUNDS=${AB_ROUNDS:-2}
if [ -n "${AB_JAR:-}" ]; then
    [ -f "$AB_JAR" ] || { echo "error: AB_JAR $AB_JAR is missing" >&2; exit 1; }
fi
TOKEN=bench-bootstrap-token-0001

cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $WORK/body; proxy_temp_path $WORK/proxy; fastcgi_temp_path $WORK/fcgi;
    uwsgi_temp_path $WORK/uwsgi; scgi_temp_path $WORK/scgi;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$BACKEND;
        location /a2a { default_type application/json; return 200 '{"jsonrpc":"2.0","id":1,"result":{"message":{"role":"ROLE_AGENT","messageId":"r1","parts":[{"text":"ok"}]}}}'; }
    }
    upstream backend { server 127.0.0.1:$BACKEND; keepalive 64; }
    server {
        listen 127.0.0.1:$PROXY;
        location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
    }
}
CONF
nginx -c "$WORK/nginx.conf" -g 'daemon off;' &
PIDS+=($!)

"$JAVA" -jar "$JAR" ans --domain ops.example.net --data "$WORK/ans" --port "$ANS" --bootstrap-token "$TOKEN" > "$WORK/ans.log" 2>&1 &
PIDS+=($!)
ans_up=
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$ANS/.well-known/ans" >/dev/null && { ans_up=1; break; }; sleep 0.2; done
[ -n "$ans_up" ] || { echo "error: the ANS did not start; its log:" >&2; cat "$WORK/ans.log" >&2; exit 1; }

NAME=ans://v1.0.0.bench.ops.example.net
openssl ecparam -name prime256v1 -genkey -noout -out "$WORK/key.pem"
openssl req -new -key "$WORK/key.pem" -subj "/CN=bench.ops.example.net" \
    -addext "subjectAltName=URI:$NAME,DNS:bench.ops.example.net" -out "$WORK/csr.pem" 2>/dev/null
jq -n --arg csr "$(cat "$WORK/csr.pem")" --arg url "http://127.0.0.1:$BACKEND/a2a" --arg name "$NAME" '{name: $name,
    agentCard: {name: "Bench", description: "Answers at once.", version: "1.0.0",
      supportedInterfaces: [{url: $url, protocolBinding: "JSONRPC", protocolVersion: "1.0"}], capabilities: {},
      defaultInputModes: ["text/plain"], defaultOutputModes: ["application/json"], skills: []},
    endpoints: [{url: $url, transport: "JSONRPC"}], csr: $csr}' > "$WORK/register.json"
curl -sS --fail-with-body -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" --data @"$WORK/register.json" \
    "http://127.0.0.1:$ANS/v1/agents" >/dev/null || { echo "error: registering the backend with the ANS failed" >&2; exit 1; }
ENCODED=$(jq -rn --arg n "$NAME" '$n|@uri')

# The bearer JWT of row (c): RS256 over a fresh key, valid for an hour.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/jwt.pem" 2>/dev/null
openssl pkey -in "$WORK/jwt.pem" -pubout -out "$WORK/jwt.pub.pem"
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
JWT_INPUT="$(printf '{"alg":"RS256","typ":"JWT"}' | b64url).$(printf '{"iss":"bench-issuer","aud":"acf-gateway","sub":"bench-user","exp":%d}' \
    $(( $(date +%s) + 3600 )) | b64url)"
JWT="$JWT_INPUT.$(printf '%s' "$JWT_INPUT" | openssl dgst -sha256 -sign "$WORK/jwt.pem" -binary | b64url)"

# Starts a gateway on a port (extra launcher options after it) and waits until it proxies a call;
# AUTH_HEADER, when set, is sent with the probe.
start_gateway() {
    local port=$1 log=$2
    shift 2
    # shellcheck disable=SC2086
    "$JAVA" ${OPTS:-$GATEWAY_JAVA_OPTS} -jar "$JAR" gateway --ans "http://127.0.0.1:$ANS" --plaintext-port "$port" "$@" > "$log" 2>&1 &
    GATEWAY_PID=$!
    PIDS+=("$GATEWAY_PID")
    for _ in $(seq 1 150); do curl -sf -o /dev/null -X POST -H "Content-Type: application/json" ${AUTH_HEADER:+-H "$AUTH_HEADER"} \
        -d '{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{}}' "http://127.0.0.1:$port/agents/$ENCODED" && return 0; sleep 0.2; done
    echo "error: the gateway on port $port did not start; its log:" >&2
    cat "$log" >&2
    exit 1
}

cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"role":"ROLE_USER","messageId":"m1","parts":[{"text":"line test please"}]}}}'
LUA
sed "s|^wrk.body|wrk.headers[\"Authorization\"] = \"Bearer $JWT\"\nwrk.body|" "$WORK/post.lua" > "$WORK/post-auth.lua"

# Converts a wrk latency (e.g. 712.00us, 1.20ms, 2.01s) to milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }

# Prints the CPU time (user + system) a process has used so far, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# Runs one row; prints it on stderr and "rps p50_ms p99_ms requests" on stdout. With a process id
# ($4), also the process's CPU time per request (a steadier figure than requests/s on a shared
# machine), and a JFR recording of the row (after the warm-up) into $JFR_DIR/$3.jfr when set.
run() {
    local label=$1 url=$2 record=${3:-} pid=${4:-} script=${5:-$WORK/post.lua}
    wrk -t2 -c8 -d"$(( (WARMUP + 1) / 2 ))s" -s "$script" "$url" >/dev/null   # warm-up (JIT, pools)
    wrk -t2 -c"$CONNECTIONS" -d"$(( WARMUP / 2 > 0 ? WARMUP / 2 : 1 ))s" -s "$script" "$url" >/dev/null
    if [ -n "${JFR_DIR:-}" ] && [ -n "$record" ]; then
        "$JCMD" "$pid" JFR.start name=row jdk.ExecutionSample#period=2ms settings=profile filename="$JFR_DIR/$record.jfr" >/dev/null
    fi
    local out ticks_before=0
    [ -n "$pid" ] && ticks_before=$(cpu_ticks "$pid")
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$script" "$url")
    local cpu="" us=0
    if [ -n "$pid" ]; then
        us=$(awk -v t="$(( $(cpu_ticks "$pid") - ticks_before ))" -v hz="$(getconf CLK_TCK)" -v n="$(awk '/requests in/ {print $1}' <<<"$out")" \
            'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
        cpu="   CPU $us us/request"
    fi
    if [ -n "${JFR_DIR:-}" ] && [ -n "$record" ]; then
        "$JCMD" "$pid" JFR.stop name=row >/dev/null
    fi
    local rps p50 p99 requests errors
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1=="50%" {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    errors=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    printf '%-13s %10s req/s   p50 %9s   p99 %9s%s   load %s%s\n' "$label" "$rps" "$p50" "$p99" "$cpu" \
        "$(cut -d' ' -f1 /proc/loadavg)" "${errors:+   non-2xx $errors}" >&2
    echo "$rps $(to_ms "$p50") $(to_ms "$p99") $requests $us"
}

echo "wrk -t2 -c$CONNECTIONS -d${DURATION}s, POST of a JSON-RPC SendMessage, on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "gateway JVM: $GATEWAY_JAVA_OPTS" >&2
NGINX_WORKER=$(pgrep -P "$(cat "$WORK/nginx.pid")" | head -1)
direct_rps=0 nginx_rps=0 nginx_p99=0
if [[ $ROWS == *a* ]]; then
    read -r direct_rps _ _ _ _ < <(run "(a) direct" "http://127.0.0.1:$BACKEND/a2a" "" "$NGINX_WORKER")
fi
if [[ $ROWS == *b* ]]; then
    read -r nginx_rps _ nginx_p99 _ _ < <(run "(b) nginx" "http://127.0.0.1:$PROXY/a2a" "" "$NGINX_WORKER")
fi

# Runs rows (c) and (d) (as ROWS says) for one launcher: $1 the jar, $2 a suffix for labels and
# recordings, $3 the JVM flags; sets gateway_rps gateway_p99 gateway_requests gateway_us and the
# bare_* ones.
gateway_rows() {
    local jar=$1 tag=$2 OPTS=$3 port
    gateway_rps=0 gateway_p99=0 gateway_requests=0 gateway_us=0 bare_rps=0 bare_requests=0 bare_us=0
    if [[ $ROWS == *c* ]]; then
        port=$(free_port)
        JAR=$jar AUTH_HEADER="Authorization: Bearer $JWT" start_gateway "$port" "$WORK/gateway$tag.log" --audit-dir "$WORK/audit$tag" \
            --jwt-public-key "$WORK/jwt.pub.pem" --jwt-issuer bench-issuer --jwt-audience acf-gateway
        read -r gateway_rps _ gateway_p99 gateway_requests gateway_us < <(run "(c) gateway$tag" "http://127.0.0.1:$port/agents/$ENCODED" \
            "gateway${tag// /-}" "$GATEWAY_PID" "$WORK/post-auth.lua")
        kill "$GATEWAY_PID"; wait "$GATEWAY_PID" 2>/dev/null || true
    fi
    if [[ $ROWS == *d* ]]; then
        if "$JAVA" -jar "$jar" gateway --help 2>&1 | grep -q -- --bare; then
            port=$(free_port)
            JAR=$jar start_gateway "$port" "$WORK/gateway-bare$tag.log" --bare
            read -r bare_rps _ _ bare_requests bare_us < <(run "(d) bare$tag" "http://127.0.0.1:$port/agents/$ENCODED" "gateway-bare${tag// /-}" \
                "$GATEWAY_PID")
            kill "$GATEWAY_PID"; wait "$GATEWAY_PID" 2>/dev/null || true
        else
            echo "(d) bare$tag       skipped: $jar has no --bare" >&2
        fi
    fi
}

if [ -z "${AB_JAR:-}" ] && [ -z "${AB_JAVA_OPTS:-}" ]; then
    gateway_rows "$JAR" "" "$GATEWAY_JAVA_OPTS"
    if [ -n "${JFR_DIR:-}" ]; then
        echo "JFR: $JFR_DIR/gateway.jfr ($gateway_requests requests), $JFR_DIR/gateway-bare.jfr ($bare_requests requests)" >&2
    fi
    audited=$(cat "$WORK"/audit/*.jsonl 2>/dev/null | wc -l || true)
    [[ $ROWS == *c* ]] && echo "audit events written by (c): $audited" >&2
    ab=""
else
    AB_JAR=${AB_JAR:-$JAR}
    AB_JAVA_OPTS=${AB_JAVA_OPTS:-$GATEWAY_JAVA_OPTS}
    echo "A: $JAR, $GATEWAY_JAVA_OPTS" >&2
    echo "B: $AB_JAR, $AB_JAVA_OPTS" >&2
    declare -A sum=() count=()
    for round in $(seq 1 "$AB_ROUNDS"); do
        order="A B"
        [ $(( round % 2 )) -eq 0 ] && order="B A"
        for side in $order; do
            jar=$JAR opts=$GATEWAY_JAVA_OPTS
            if [ "$side" = B ]; then jar=$AB_JAR opts=$AB_JAVA_OPTS; fi
            gateway_rows "$jar" " $side$round" "$opts"
            sum[c$side]=$(awk -v a="${sum[c$side]:-0}" -v b="$gateway_us" 'BEGIN { print a + b }')
            sum[d$side]=$(awk -v a="${sum[d$side]:-0}" -v b="$bare_us" 'BEGIN { print a + b }')
            count[$side]=$(( ${count[$side]:-0} + 1 ))
            if [ "$side" = A ]; then a_rps=$gateway_rps a_bare_rps=$bare_rps a_p99=$gateway_p99; fi
        done
    done
    mean() { awk -v s="${sum[$1]}" -v n="${count[$2]}" 'BEGIN { printf "%.1f", s / n }'; }
    echo "A/B mean CPU per request over $AB_ROUNDS rounds: (c) A $(mean cA A) us, B $(mean cB B) us;" \
        "(d) A $(mean dA A) us, B $(mean dB B) us" >&2
    ab=",\"ab_cpu_us\":{\"a_gateway\":$(mean cA A),\"b_gateway\":$(mean cB B),\"a_bare\":$(mean dA A),\"b_bare\":$(mean dB B)}"
    gateway_rps=$a_rps bare_rps=$a_bare_rps gateway_p99=$a_p99
fi

awk -v ab="$ab" -v d="$direct_rps" -v n="$nginx_rps" -v g="$gateway_rps" -v b="$bare_rps" -v gp="$gateway_p99" -v np="$nginx_p99" 'BEGIN {
    printf "{\"direct_rps\":%.0f,\"nginx_rps\":%.0f,\"gateway_rps\":%.0f,\"gateway_bare_rps\":%.0f,\"ratio\":%.3f,\"gateway_p99_ms\":%.3f,\"nginx_p99_ms\":%.3f%s}\n",
        d, n, g, b, (n > 0 ? g / n : 0), gp, np, ab }'
