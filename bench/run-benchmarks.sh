#!/usr/bin/env bash
# Runs every Herald benchmark suite, exactly as recorded in docs/benchmarks.md.
#
#   bench/run-benchmarks.sh            # short runs (-f 1 -wi 2 -w 1s -i 3 -r 1s), about 20 minutes on 2 cores
#   FULL=1 bench/run-benchmarks.sh     # longer runs for a quiet machine (-f 2 -wi 3 -w 2s -i 5 -r 2s)
#   SUITES="journal fanout" bench/run-benchmarks.sh   # a subset: journal durable fanout waits scaling store gc replay resume run export latency
#
# Raw results (JMH text and JSON, latency JSON and .hgrm files) go to bench/target/results/ (override with OUT=...);
# the latency chart goes there too, or to SVG=docs/latency.svg to redraw the tracked one. Run it on an otherwise idle
# machine: other load skews every number.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-bench/target/results}
SUITES=${SUITES:-"journal durable fanout waits scaling store gc replay resume run export latency"}
SVG=${SVG:-$OUT/latency.svg}
JAR=${JAR:-bench/target/benchmarks.jar}
OPENS=--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED
if [[ "${FULL:-0}" == "1" ]]; then
  RUN=(-f 2 -wi 3 -w 2s -i 5 -r 2s)
  LATENCY_SECONDS=10
else
  RUN=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
  LATENCY_SECONDS=3
fi

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  mvn -B -q -pl bench,cli -am package -DskipTests
fi
mkdir -p "$OUT"

jmh() { # name, then JMH arguments
  local name=$1; shift
  jmh_with "$name" "${RUN[@]}" "$@"
}

jmh_with() { # name, then every JMH argument (for a suite with settings of its own)
  local name=$1; shift
  echo "== $name: java -jar $JAR $*"
  java -jar "$JAR" "$@" -rf json -rff "$OUT/$name.json" | tee "$OUT/$name.txt"
}

for suite in $SUITES; do
  # Dirty pages from the previous suite (ReplayScaling writes gigabytes) are written back on the same cores and
  # disk; flush them first so that one suite's writeback is not measured as the next one's stalls.
  sync
  case $suite in
    journal)
      jmh journal-append 'JournalAppendBenchmark'
      jmh journal-replay 'JournalReplayBenchmark'
      # one replay per iteration (single shot), each over files written in its set-up
      jmh_with journal-cold-replay -f 1 -wi 8 -i 10 'JournalColdReplayBenchmark'
      ;;
    durable)
      jmh journal-durable 'JournalDurableAppendBenchmark'
      ;;
    fanout)
      jmh fanout 'FanOutBenchmark'
      ;;
    waits)
      jmh wait-strategies 'FanOutBenchmark.(heraldDedicated|heraldShared|heraldSharedStages|disruptorShared|inline)$' \
        -p waitStrategy=adaptive,blocking,sleeping,busy-spin
      ;;
    scaling)
      jmh scaling-handlers 'FanOutBenchmark.(heraldShared|heraldSharedStages|inline|disruptorShared)$' \
        -p handlers=1,2,4,6
      jmh scaling-ring 'FanOutBenchmark.(heraldShared|heraldSharedStages)$' -p ringSize=1024,16384,262144,1048576
      ;;
    store)
      jmh store 'StoreBenchmark'
      ;;
    gc)
      # inline runs the same reactions without the engine: it tells the engine's allocation from the store's own.
      jmh gc 'JournalAppendBenchmark.herald$|JournalReplayBenchmark.herald$|FanOutBenchmark.(herald.*|disruptor.*|inline|arrayBlockingQueue)$|StoreBenchmark.(herald|inline)' \
        -p recordSize=128 -prof gc
      ;;
    replay)
      echo "== replay scaling: java $OPENS -Xmx64m -cp $JAR dev.herald.bench.ReplayScaling --sizes-mib 256,512,1024,2048,4096"
      java "$OPENS" -Xmx64m -cp "$JAR" dev.herald.bench.ReplayScaling --sizes-mib 256,512,1024,2048,4096 \
        | tee "$OUT/replay-scaling.txt"
      ;;
    resume)
      # time to ready after a restart against journal size (from snapshots + a tail, and from 0); heap with and
      # without the store's window. RESUME_ORDERS=...,20000000 for the issue's largest size (minutes and GiBs).
      orders=${RESUME_ORDERS:-1000000,2000000,4000000,8000000}
      echo "== resume scaling: java $OPENS -Xmx2g -cp $JAR dev.herald.bench.ResumeScaling --orders $orders --tail 10000"
      java "$OPENS" -Xmx2g -cp "$JAR" dev.herald.bench.ResumeScaling --orders "$orders" --tail 10000 \
        | tee "$OUT/resume-scaling.txt"
      echo "== store heap: java $OPENS -Xmx3g -cp $JAR dev.herald.bench.StoreHeapScaling --orders 2000000"
      java "$OPENS" -Xmx3g -cp "$JAR" dev.herald.bench.StoreHeapScaling --orders 2000000 --checkpoints 4 \
        | tee "$OUT/store-heap-scaling.txt"
      ;;
    run)
      # herald run itself, the page cache then per-batch durability, in the same session: the issue "The store at
      # the engine's speed" compares the two. RUN_ORDERS for another size; RUN_ROUNDS for more rounds (alternating).
      for round in $(seq 1 "${RUN_ROUNDS:-2}"); do
        for durability in page-cache per-batch; do
          echo "== herald run ($durability, round $round): java $OPENS -jar cli/target/herald.jar run --orders ${RUN_ORDERS:-1000000} --durability $durability --force-new --json"
          java "$OPENS" -jar cli/target/herald.jar run --orders "${RUN_ORDERS:-1000000}" --durability "$durability" \
            --journal "$OUT/run-journal" --force-new --json | tee "$OUT/run-$durability-$round.json"
          rm -rf "$OUT/run-journal"
          sync
        done
      done
      ;;
    export)
      # the Kafka exporter against a plain idempotent producer sending the same records to the same broker
      echo "== export: java $OPENS -Xmx2g -cp $JAR dev.herald.bench.ExportThroughput --records ${EXPORT_RECORDS:-1000000}"
      java "$OPENS" -Xmx2g -cp "$JAR" dev.herald.bench.ExportThroughput --records "${EXPORT_RECORDS:-1000000}" \
        | tee "$OUT/export.txt"
      # Kafka -> Herald -> Kafka latency at fixed rates, against Kafka alone (produce -> consume) in the same run
      for rate in 1000 5000; do
        echo "== kafka round trip: java $OPENS -Xmx2g -cp $JAR dev.herald.bench.KafkaRoundTrip --rate $rate --seconds 10"
        java "$OPENS" -Xmx2g -cp "$JAR" dev.herald.bench.KafkaRoundTrip --rate "$rate" --seconds 10 \
          | tee "$OUT/kafka-round-trip-$rate.txt"
      done
      ;;
    latency)
      # every layout and the baselines, with each system's default wait strategy, then all spinning
      for idle in default busy-spin; do
        echo "== latency ($idle): java $OPENS -Xmx3g -cp $JAR dev.herald.bench.LatencyHarness --idle $idle ..."
        java "$OPENS" -Xmx3g -cp "$JAR" dev.herald.bench.LatencyHarness $([[ $idle != default ]] && echo --idle "$idle") \
          --rates 10000,100000,1000000 --seconds "$LATENCY_SECONDS" --warmup-seconds 2 --handlers 6 \
          --ring-size 65536 --out "$OUT/latency-$idle" --json "$OUT/latency-$idle.json" \
          $([[ $idle == default ]] && echo --svg "$SVG") | tee "$OUT/latency-$idle.txt"
      done
      # group commit: every journal forced once per batch, against a raw write + fdatasync of the same batches
      java "$OPENS" -Xmx3g -cp "$JAR" dev.herald.bench.LatencyHarness --durability per-batch \
        --systems herald-shared,herald-shared-stages,disruptor-shared,disruptor-raw --rates 10000 \
        --seconds "$LATENCY_SECONDS" --warmup-seconds 2 --out "$OUT/latency-per-batch" \
        --json "$OUT/latency-per-batch.json" | tee "$OUT/latency-per-batch.txt"
      # the goal's pair, three times over, since one run on a shared 2-core machine is at the mercy of its host
      for round in 1 2 3; do
        java "$OPENS" -Xmx3g -cp "$JAR" dev.herald.bench.LatencyHarness --idle busy-spin \
          --systems herald-shared,disruptor-shared,disruptor-raw,herald-invoker --rates 100000 \
          --seconds "$LATENCY_SECONDS" --warmup-seconds 2 --out "$OUT/latency-pair-$round" \
          --json "$OUT/latency-pair-$round.json" | tee "$OUT/latency-pair-$round.txt"
      done
      ;;
    *)
      echo "unknown suite=$suite" >&2
      exit 1
      ;;
  esac
done
