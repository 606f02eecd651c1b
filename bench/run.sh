#!/usr/bin/env bash
# Benchmark (run on purpose, never in the tests): generates landing folders at several sizes and
# measures, per size, the generator, the read-and-count floor and the full pipeline per stage, with
# wall time, records per second and peak memory (RSS of the JVM).
#   bench/run.sh [EMPLOYEES[xACTIVITY][:MODE]...]  default: 3000 15000 (about 0.14M and 0.7M collaboration events)
# About 48 collaboration events per employee over the 18 generated months: 21000 ≈ 1M, 208000 ≈ 10M,
# 1040000 ≈ 50M. ACTIVITY multiplies each person's collaboration (generate --activity): 104000x10 is
# also ≈ 50M events, from an organisation of 104,000 people rather than a million. MODE limits what
# runs at that size: "all" (default), "nonight" (no incremental night: it runs the pipeline three
# more times), "generate" (the generator only), "night" (the generator and the incremental night only).
# Results: bench/results/results.csv (appended) and bench/results/latest.md (this run's table); the
# committed bench/results/results.md (the targets' status and every session's analysis) is left alone.
# Then, on the same data split into one file per source and day (bench/split_days.py), the
# incremental night: a full run over the history up to the day before, one more day's files added,
# the incremental run for that day, and a --full-refresh of the same folder, side by side.
# The peer: DuckDB (bench/DuckDbPeer.java, JDBC jar fetched from Maven Central into bench/work/lib,
# never part of the build) computing fct_person_month's core aggregation from the same files.
set -uo pipefail
cd "$(dirname "$0")/.."
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(3000 15000)
[ -f target/dist/bin/bottomup-java ] || mvn -q -DskipTests package || exit 1
flags=$(sed -n 's/^exec java \${BOTTOMUP_JAVA_OPTS:-\$opts} \(.*\) \\$/\1/p' target/dist/bin/bottomup-java)
work=bench/work; mkdir -p "$work" bench/results
duckdb=$work/lib/duckdb_jdbc-2.0.0.1.jar
if [ ! -f "$duckdb" ]; then
  mkdir -p "$work/lib"
  curl -sSfL -o "$duckdb" https://repo1.maven.org/maven2/org/duckdb/duckdb_jdbc/2.0.0.1/duckdb_jdbc-2.0.0.1.jar || exit 1
fi
csv=bench/results/results.csv
[ -f "$csv" ] || echo "date,commit,employees,events,step,seconds,records_per_second,peak_rss_mb" > "$csv"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
today=$(date -u +%F)
md=bench/results/latest.md
{
  echo "# bottomup benchmark — $today, commit $commit, $(nproc) cores, driver -Xmx4g"
  echo
  echo "| employees | events | step | seconds | records/s | peak RSS MB |"
  echo "|---:|---:|---|---:|---:|---:|"
} > "$md"
row() { # employees events step seconds records rss
  local rps; rps=$(awk -v r="$5" -v s="$4" 'BEGIN { if (s > 0) printf "%.0f", r / s; else print "" }')
  echo "$today,$commit,$1,$2,$3,$4,$rps,$6" >> "$csv"
  echo "| $1 | $2 | $3 | $4 | $rps | $6 |" >> "$md"
  printf "%8s %10s %-22s %8s s %12s rec/s %8s MB\n" "$1" "$2" "$3" "$4" "$rps" "$6"
}
export BOTTOMUP_JAVA_OPTS="-Xmx4g -Dbottomup.profile=true" # profile: one log line per Spark query and stage
for arg in "${sizes[@]}"; do
  n=${arg%%:*}; mode=all; [ "$n" = "$arg" ] || mode=${arg#*:}
  case $mode in all|nonight|generate|night) ;; *) echo "unknown mode '$mode' in '$arg' (all, nonight, generate, night)" >&2; exit 2;; esac
  employees=${n%%x*}; activity=1; [ "$employees" = "$n" ] || activity=${n#*x}
  in=$work/in-$n; out=$work/out-$n
  rm -rf "$in" "$out"
  # The generator keeps its people in memory and streams the events: 1.5 GB of heap is enough for 50M.
  /usr/bin/time -f "%e %M" -o "$work/time" env BOTTOMUP_JAVA_OPTS=-Xmx1536m target/dist/bin/bottomup-java generate --employees "$employees" --activity "$activity" --months 18 --seed 1 \
    --out "$in" > "$work/generate.log" 2>&1 || { cat "$work/generate.log"; exit 1; }
  events=$(sed -n 's/.*months ending [0-9-]*, \([0-9]*\) collaboration events.*/\1/p' "$work/generate.log")
  read -r secs rss < "$work/time"
  row "$n" "$events" generate "$secs" "$events" $((rss / 1024))
  if [ "$mode" = generate ]; then rm -rf "$in"; continue; fi
  records=$events
  if [ "$mode" != night ]; then
    /usr/bin/time -f "%e %M" -o "$work/time" java -Xmx4g $flags -cp "target/dist/lib/*" io.bottomup.tools.ReadFloor "$in" \
      > "$work/floor.log" 2>&1 || { tail "$work/floor.log"; exit 1; }
    read -r fsecs frss < "$work/time"
    records=$(awk '/^floor/ { print $2 }' "$work/floor.log"); inner=$(awk '/^floor/ { print $3 }' "$work/floor.log")
    row "$n" "$events" "floor: read + count" "$inner" "$records" $((frss / 1024))
    /usr/bin/time -f "%e %M" -o "$work/time" java -Xmx4g -cp "$duckdb" bench/DuckDbPeer.java "$in" "$work/peer.parquet" \
      > "$work/peer.log" 2>&1 || { tail "$work/peer.log"; exit 1; }
    read -r psecs prss < "$work/time"
    peer=$(awk '/^peer/ { print $3 }' "$work/peer.log")
    row "$n" "$events" "peer: DuckDB person-month core" "$peer" "$records" $((prss / 1024))
    /usr/bin/time -f "%e %M" -o "$work/time" env BOTTOMUP_PSEUDONYM_KEY=bench target/dist/bin/bottomup-java run \
      --input "$in" --out "$out" --run-date 2026-10-31 > "$work/run-$n.log" 2>&1 || { tail -20 "$work/run-$n.log"; exit 1; }
    read -r rsecs rrss < "$work/time"
    manifest=$out/reports/2026-10-31/manifest.json
    for stage in ingest model analyze report; do
      s=$(python3 -c "import json,sys; print(next(x['seconds'] for x in json.load(open('$manifest'))['stages'] if x['name']=='$stage'))")
      row "$n" "$events" "pipeline: $stage" "$s" "$records" ""
    done
    total=$(python3 -c "import json; print(round(sum(x['seconds'] for x in json.load(open('$manifest'))['stages']),1))")
    row "$n" "$events" "pipeline: all stages" "$total" "$records" $((rrss / 1024))
    row "$n" "$events" "pipeline: JVM wall" "$rsecs" "$records" $((rrss / 1024))
    ratio=$(awk -v a="$total" -v b="$inner" 'BEGIN { printf "%.1f", a / b }')
    echo "| $n | $events | pipeline ÷ floor | $ratio × | | |" >> "$md"
    ratio=$(awk -v a="$total" -v b="$peer" 'BEGIN { printf "%.1f", a / b }')
    echo "| $n | $events | pipeline ÷ DuckDB peer | $ratio × | | |" >> "$md"
  fi

  [ "$mode" = nonight ] && continue
  # The incremental night: daily files, history up to 2026-10-30, then 2026-10-31 added.
  daily=$work/daily-$n; held=$work/held-$n; dout=$work/out-daily-$n
  rm -rf "$dout"
  python3 bench/split_days.py "$in" "$daily" "$held" 2026-10-31 || exit 1
  timed_run() { # label log run-date extra-args...
    local label=$1 log=$work/$2; local date=$3; shift 3
    /usr/bin/time -f "%e %M" -o "$work/time" env BOTTOMUP_PSEUDONYM_KEY=bench target/dist/bin/bottomup-java run \
      --input "$daily" --out "$dout" --run-date "$date" "$@" > "$log" 2>&1 || { tail -20 "$log"; exit 1; }
    read -r dsecs drss < "$work/time"
    local m=$dout/reports/$date/manifest.json
    local stages; stages=$(python3 -c "import json; print(round(sum(x['seconds'] for x in json.load(open('$m'))['stages']),1))")
    row "$n" "$events" "$label" "$stages" "$records" $((drss / 1024)) >&2
    echo "$stages"
  }
  timed_run "daily files: full run to 10-30" "run-daily-$n-history.log" 2026-10-30 > /dev/null || exit 1
  cp "$held"/* "$daily/collaboration/"
  night=$(timed_run "incremental night: 10-31 added" "run-daily-$n-night.log" 2026-10-31) || exit 1
  refresh=$(timed_run "full refresh: same files" "run-daily-$n-refresh.log" 2026-10-31 --full-refresh) || exit 1
  share=$(awk -v a="$night" -v b="$refresh" 'BEGIN { printf "%.0f", 100 * a / b }')
  echo "| $n | $events | incremental night ÷ full refresh | $share % | | |" >> "$md"
done
echo; echo "results: $md, $csv"
