#!/usr/bin/env bash
# PERF-4: memory per idle client connection of one gateway, plaintext and mTLS.
# Starts an ANS (in the driver JVM, for certificates), the gateway in its own JVM
# (acf.jar gateway, 2 GiB pre-touched heap), opens N idle keep-alive connections from the
# driver JVM over 127.0.0.2.. source addresses (each makes one request first; TLS 1.3 with
# a client certificate), and prints the gateway's live heap after a full GC and its RSS per
# connection, the classes that grew, and a JSON last line.
# Needs a built launcher and benchmark jar: ./mvnw -B -ntp package -DskipTests
# Usage: benchmarks/connections.sh [connections, default 19000] [source addresses, default 4]
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS=${1:-19000}
SOURCES=${2:-4}
for f in examples/acf-cli/target/acf.jar benchmarks/target/benchmarks.jar; do
    [ -f "$f" ] || { echo "error: $f is missing; run ./mvnw -B -ntp package -DskipTests" >&2; exit 1; }
done
# Both JVMs hold one descriptor per connection, plus their own files.
NEED=$((CONNECTIONS + 500))
[ "$(ulimit -n)" -ge "$NEED" ] || ulimit -n "$NEED" 2>/dev/null || {
    echo "error: ulimit -n is $(ulimit -n), $NEED needed (hard limit $(ulimit -Hn))" >&2; exit 1; }
exec java -Xmx4g -cp benchmarks/target/benchmarks.jar dev.acf.benchmarks.IdleConnections \
    --jar examples/acf-cli/target/acf.jar --connections "$CONNECTIONS" --sources "$SOURCES"
