#!/usr/bin/env bash
# Cron-ready nightly run of bottomup.
#
#   jobs/nightly.sh [RUN_DATE [ARGS...]]   RUN_DATE defaults to yesterday (UTC), YYYY-MM-DD; ARGS go to
#                                          `bottomup run`, e.g. --full-refresh (nights are incremental)
#
# Environment (all but the key have defaults):
#   BOTTOMUP_PSEUDONYM_KEY   required: the secret key of the pseudonyms (keep it stable)
#   BOTTOMUP_INPUT           landing folder or Hadoop path       (default: sample-data)
#   BOTTOMUP_OUT             output folder or Hadoop path        (default: out)
#   BOTTOMUP_CONFIG          job configuration                   (default: jobs/default.yaml)
#   BOTTOMUP_LOG_DIR         where logs go                       (default: $BOTTOMUP_OUT/_logs, or ./logs
#                                                                 when the output is not a local folder)
#   BOTTOMUP_MASTER          Spark master                        (default: local[*])
#
# Exit code: bottomup's (0 ok, 1 failed, 2 refused, 3 quality gate, 4 locked), or 5 when an earlier
# nightly.sh still runs (cron overlap). One log file per run, one summary line per run in nightly.log.
# crontab example (02:30 every night):
#   30 2 * * *  cd /opt/bottomup && BOTTOMUP_PSEUDONYM_KEY=$(cat /etc/bottomup/key) jobs/nightly.sh
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
run_date=${1:-$(date -u -d yesterday +%F 2>/dev/null || date -u -v-1d +%F)}
shift $(( $# > 0 ? 1 : 0 ))   # anything after the date goes to `bottomup run`, e.g. --full-refresh
if ! [[ $run_date =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]]; then
  echo "nightly.sh: '$run_date' is not a date of the form YYYY-MM-DD" >&2
  exit 2
fi
input=${BOTTOMUP_INPUT:-$here/sample-data}
out=${BOTTOMUP_OUT:-$here/out}
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
"$here/bottomup" run --input "$input" --out "$out" --run-date "$run_date" --config "$config" --master "$master" "$@" >"$log" 2>&1
rc=$?
echo "$(date -u +%FT%TZ) run $run_date exit $rc in $(( $(date +%s) - start )) s, log $log" >>"$log_dir/nightly.log"
[ $rc -eq 0 ] || echo "nightly.sh: bottomup run $run_date failed with exit $rc; see $log" >&2
exit $rc
