"""Airflow DAG: bottomup every night on a Spark cluster, one run at a time.

Needs the apache-airflow-providers-apache-spark package, a Spark connection (`spark_default`,
e.g. spark://master:7077 or yarn) and two Airflow Variables: `bottomup_pseudonym_key` (secret)
and `bottomup_paths` (JSON: {"jar": ..., "input": ..., "out": ..., "config": ...}; Hadoop paths
such as s3a://, hdfs:// or abfs:// where the cluster has the connectors). The run date is the
data interval's date, {{ ds }}; backfills use Airflow's own `airflow dags backfill`, one date
after the other because max_active_runs is 1.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

PATHS = "{{ var.json.bottomup_paths }}"

with DAG(
    dag_id="bottomup_nightly",
    schedule="30 2 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,  # one run at a time: bottomup also locks its output folder (exit 4)
    default_args={"retries": 1, "retry_delay": timedelta(minutes=30)},
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
        env_vars={"BOTTOMUP_PSEUDONYM_KEY": "{{ var.value.bottomup_pseudonym_key }}"},
        conf={"spark.sql.shuffle.partitions": "64"},
        deploy_mode="client",
    )
