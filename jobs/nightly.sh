#!/usr/bin/env bash
# Cron-ready nightly run of bottomup.
#
#   jobs/nightly.sh [RUN_DATE [ARGS...]]   RUN_DATE defaults to yesterday (UTC), YYYY-MM-DD; ARGS go to
#                                          `bottomup run`, e.g. --full-refresh (nights are incremental)
#
# Environment:
#   BOTTOMUP_PSEUDONYM_KEY   required: the secret key of the pseudonyms (keep it stable)
#   BOTTOMUP_INPUT           required: landing folder or Hadoop path
#   BOTTOMUP_OUT             required: output folder or Hadoop path
#   BOTTOMUP_CONFIG          job configuration                   (default: jobs/default.yaml)
#   BOTTOMUP_LOG_DIR         where logs go                       (default: $BOTTOMUP_OUT/_logs, or ./logs
#                                                                 when the output is not a local folder)
#   BOTTOMUP_MASTER          Spark master                        (default: local[*])
#
# Exit code: bottomup's (0 ok, 1 failed, 2 refused, 3 quality gate, 4 locked), or 5 when an earlier
# nightly.sh still runs (cron overlap). One log file per run, one summary line per run in nightly.log.
# It runs the built distribution (target/dist, `mvn package` once when installing), never Maven: a
# night does not rebuild because templates/ changed (a templates/ folder in the working directory wins
# over the jar's copy without a rebuild). crontab example (02:30 every night): jobs/nightly.cron
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
run_date=${1:-$(date -u -d yesterday +%F 2>/dev/null || date -u -v-1d +%F)}
shift $(( $# > 0 ? 1 : 0 ))   # anything after the date goes to `bottomup run`, e.g. --full-refresh
if ! [[ $run_date =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]]; then
  echo "nightly.sh: '$run_date' is not a date of the form YYYY-MM-DD" >&2
  exit 2
fi
# No defaults for the data: a night that forgot them must not "succeed" on the sample data.
for var in BOTTOMUP_INPUT BOTTOMUP_OUT; do
  if [ -z "${!var:-}" ]; then
    echo "nightly.sh: $var is not set (the landing folder and the output folder of the nights)" >&2
    exit 2
  fi
done
input=$BOTTOMUP_INPUT
out=$BOTTOMUP_OUT
launcher=$here/target/dist/bin/bottomup-java
if [ ! -x "$launcher" ]; then
  echo "nightly.sh: $launcher is missing: build the distribution once with 'mvn -DskipTests package'" >&2
  exit 2
fi
config=${BOTTOMUP_CONFIG:-$here/jobs/default.yaml}
master=${BOTTOMUP_MASTER:-local[*]}
if [[ $out == *://* ]]; then default_logs=$here/logs; else default_logs=$out/_logs; fi
log_dir=${BOTTOMUP_LOG_DIR:-$default_logs}
mkdir -p "$log_dir"
log=$log_dir/bottomup-$run_date-$(date -u +%Y%m%dT%H%M%SZ).log
# bottomup locks its output folder itself (exit 4); flock also keeps two cron starts from queueing up.
exec 9>"$log_dir/.nightly.lock"
if ! flock -n 9; then
  echo "$(date -u +%FT%TZ) run $run_date not started: an earlier nightly.sh is still running" | tee -a "$log_dir/nightly.log" >&2
  exit 5
fi
start=$(date +%s)
"$launcher" run --input "$input" --out "$out" --run-date "$run_date" --config "$config" --master "$master" "$@" >"$log" 2>&1
rc=$?
echo "$(date -u +%FT%TZ) run $run_date exit $rc in $(( $(date +%s) - start )) s, log $log" >>"$log_dir/nightly.log"
[ $rc -eq 0 ] || echo "nightly.sh: bottomup run $run_date failed with exit $rc; see $log" >&2
exit $rc
