#!/usr/bin/env bash
# Runs bottomup on a real Spark standalone cluster on this machine and checks its marts equal a
# local-mode run's.
#   scripts/cluster-test.sh [WORK_DIR]
# 1. builds the distribution and the spark-submit jar (mvn package) if missing;
# 2. starts a standalone master and two workers on 127.0.0.1 from the Maven jars (SPARK_HOME is a
#    temporary folder whose jars/ links them; SPARK_SCALA_VERSION=2.13);
# 3. submits `run` on sample-data/ in client mode with the application jar, the driver's classpath
#    holding only Spark's own jars (so the jar must carry bottomup's libraries);
# 4. runs the same in local mode and compares every mart (io.bottomup.tools.CompareMarts);
# 5. stops the master and workers by the process ids it started.
# Exit 0 when the marts are equal; 1 otherwise (or when any step fails).
set -uo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
mkdir -p "$work"; work=$(cd "$work" && pwd)
[ -f target/dist/bin/bottomup-java ] && ls target/bottomup-*-spark.jar >/dev/null 2>&1 || mvn -q -DskipTests package || exit 1
app=$(ls target/bottomup-*-spark.jar | head -1)
flags=$(sed -n 's/^exec java \${BOTTOMUP_JAVA_OPTS:-\$opts} \(.*\) \\$/\1/p' target/dist/bin/bottomup-java)
# Spark's own jars: everything in lib/ but bottomup and the libraries only bottomup needs.
spark_home=$work/spark-home; mkdir -p "$spark_home/jars"
for j in target/dist/lib/*.jar; do
  case $(basename "$j") in bottomup-*|poi-*|xmlbeans-*|freemarker-*|parquet-avro-*|snakeyaml-*|SparseBitSet-*|curvesapi-*) ;;
    *) ln -sf "$(cd "$(dirname "$j")" && pwd)/$(basename "$j")" "$spark_home/jars/" ;; esac
done
export SPARK_HOME=$spark_home SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOG_DIR=$work/logs
mkdir -p "$SPARK_LOG_DIR"
pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap stop EXIT
java $flags -Xmx512m -cp "$spark_home/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7077 \
  --webui-port 18080 >"$work/logs/master.log" 2>&1 &
pids+=($!)
for i in 1 2; do
  java $flags -Xmx512m -cp "$spark_home/jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 \
    --memory 1536m --work-dir "$work/worker$i" --webui-port $((18080 + i)) spark://127.0.0.1:7077 \
    >"$work/logs/worker$i.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 1 60); do
  [ "$(grep -c 'Registering worker' "$work/logs/master.log" 2>/dev/null)" -ge 2 ] && break
  sleep 1
done
grep -q "Registering worker" "$work/logs/master.log" || { echo "FAIL: the workers did not register (see $work/logs)"; exit 1; }
echo "cluster up: master spark://127.0.0.1:7077 and 2 workers (logs in $work/logs)"
key=${BOTTOMUP_PSEUDONYM_KEY:-cluster-test-key}
rm -rf "$work/cluster-out" "$work/local-out"
start=$(date +%s)
BOTTOMUP_PSEUDONYM_KEY=$key java $flags -Xmx2g -cp "$spark_home/jars/*" org.apache.spark.deploy.SparkSubmit \
  --master spark://127.0.0.1:7077 --deploy-mode client --conf spark.driver.host=127.0.0.1 \
  --conf spark.executor.memory=1g --conf spark.cores.max=2 --class io.bottomup.cli.Main "$app" \
  run --master spark-submit --input sample-data --out "$work/cluster-out" --run-date 2026-10-31 >"$work/logs/submit.log" 2>&1
rc=$?
echo "cluster run: exit $rc in $(( $(date +%s) - start )) s (log $work/logs/submit.log)"
[ $rc -eq 0 ] || { tail -20 "$work/logs/submit.log"; exit 1; }
launched=$(grep -l "Asked to launch executor" "$work"/logs/worker*.log 2>/dev/null | wc -l)
[ "$launched" -ge 2 ] || { echo "FAIL: executors did not run on both workers"; exit 1; }
echo "executors ran on both workers"
start=$(date +%s)
BOTTOMUP_PSEUDONYM_KEY=$key target/dist/bin/bottomup-java run --input sample-data --out "$work/local-out" \
  --run-date 2026-10-31 >"$work/logs/local.log" 2>&1 || { echo "FAIL: the local run failed"; exit 1; }
echo "local run: done in $(( $(date +%s) - start )) s"
java -cp "target/dist/lib/*" io.bottomup.tools.CompareMarts "$work/cluster-out" "$work/local-out"
