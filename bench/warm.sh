#!/usr/bin/env bash
# A run's fixed cost, as the test suite pays it (run on purpose, never in the tests): the whole pipeline
# run RUNS times in one JVM on a small landing folder with the tests' Spark settings, one markdown
# table of wall and stage seconds per run (io.bottomup.tools.WarmRuns). The first run warms the JIT;
# compare the mean of the others between two commits, on an otherwise idle machine, minutes apart.
#   bench/warm.sh [LANDING_DIR [RUN_DATE [RUNS]]]   default: src/test/resources/corpus 2026-01-31 6
set -euo pipefail
cd "$(dirname "$0")/.."
# Always packaged: a stale distribution would measure other code than the working copy's.
mvn -B -q -DskipTests package
flags=$(sed -n 's/^exec java \${BOTTOMUP_JAVA_OPTS:-\$opts} \(.*\) \\$/\1/p' target/dist/bin/bottomup-java)
# The tests' heap and collector (pom.xml's surefire argLine), so the runs cost what a test's do.
exec java -Xmx3g -XX:+UseParallelGC $flags -cp "target/dist/lib/*" io.bottomup.tools.WarmRuns "$@"
