"""Airflow DAG: bottomup every night on a Spark cluster, one run at a time.

Needs the apache-airflow-providers-apache-spark package, a Spark connection (`spark_default`,
e.g. spark://master:7077 or yarn) and two Airflow Variables:
- `bottomup_pseudonym_secret`: the pseudonym key. Its name holds "secret", so Airflow masks its value
  in the rendered templates, the UI and the task logs (a name without such a word is shown in clear);
  keep Airflow's Fernet key set so that Variables are stored encrypted, or use a secrets backend.
- `bottomup_paths` (JSON: {"jar": ..., "input": ..., "out": ..., "config": ...}): `input` and `out`
  are Hadoop paths (s3a://, hdfs://, abfs:// where the cluster has the connectors); `jar` as
  spark-submit accepts it; `config` a local file on the machine that runs the driver (deploy mode
  client: the Airflow worker), since bottomup reads its configuration before Spark starts.
The run date is the data interval's date, {{ ds }}; backfills use Airflow's own `airflow dags
backfill`, one date after the other because max_active_runs is 1.

No retries: bottomup's exit codes say what went wrong (jobs/README.md), and a refusal (2), a failed
quality gate (3) or a held lock (4) needs a person, not the same run again 30 minutes later. A run
that fails leaves the last good output untouched, so a manual "clear" is always safe.
"""
from datetime import datetime

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

PATHS = "{{ var.json.bottomup_paths }}"

with DAG(
    dag_id="bottomup_nightly",
    schedule="30 2 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,  # one run at a time: bottomup also locks its output folder (exit 4)
    default_args={"retries": 0},
    tags=["bottomup"],
) as dag:
    SparkSubmitOperator(
        task_id="run",
        conn_id="spark_default",
        application="{{ var.json.bottomup_paths.jar }}",  # target/bottomup-<version>-spark.jar
        java_class="io.bottomup.cli.Main",
        name="bottomup-{{ ds }}",
        application_args=[
            "run",
            "--input", "{{ var.json.bottomup_paths.input }}",
            "--out", "{{ var.json.bottomup_paths.out }}",
            "--config", "{{ var.json.bottomup_paths.config }}",
            "--run-date", "{{ ds }}",
            "--master", "spark-submit",
        ],
        env_vars={"BOTTOMUP_PSEUDONYM_KEY": "{{ var.value.bottomup_pseudonym_secret }}"},
        conf={"spark.sql.shuffle.partitions": "64"},
        deploy_mode="client",
    )
