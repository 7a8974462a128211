#!/usr/bin/env bash
# PERF-6: cross-domain sync. Bootstraps a new peer ANS with N records of an origin ANS through the
# signed change feed (HTTP, every change verified), then measures how long M changes (updates and
# revocations at a steady rate) take from the origin's durable write to being resolvable in the
# peer (p50/p99). Prints the figures and a JSON last line.
# Needs the benchmark jar: ./mvnw -B -ntp package -DskipTests
# Usage: [SYNC_JAVA_OPTS=...] benchmarks/sync-bootstrap.sh [records, default 100000] [changes, default 1000] [changes/s, default 100]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f benchmarks/target/benchmarks.jar ] || { echo "error: benchmarks/target/benchmarks.jar is missing; run ./mvnw -B -ntp package -DskipTests" >&2; exit 1; }
# Both ANS hold every record in memory: a fixed 3 GiB heap (no growth) and the throughput collector, which costs
# less CPU than G1 here; override with SYNC_JAVA_OPTS.
exec java ${SYNC_JAVA_OPTS:--Xms3g -Xmx3g -XX:+UseParallelGC} -cp benchmarks/target/benchmarks.jar dev.acf.benchmarks.SyncBenchmark \
    --records "${1:-100000}" --changes "${2:-1000}" --rate "${3:-100}"
