import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The benchmark's peer (never part of the build): DuckDB computing the core of
 * {@code fct_person_month} from the same landing files bottomup reads: every collaboration event
 * (CSV and JSONL), its actor resolved to an employee (identity map by system, else directory email),
 * counted per person, month and action type, with the distinct people helped, written to Parquet.
 *
 * <p>Run with the DuckDB JDBC jar (bench/run.sh fetches it):
 * {@code java -cp duckdb_jdbc.jar bench/DuckDbPeer.java LANDING OUT.parquet}. Prints
 * {@code peer ROWS SECONDS}.
 */
public final class DuckDbPeer {
  public static void main(String[] args) throws Exception {
    Path in = Path.of(args[0]).toAbsolutePath();
    String out = Path.of(args[1]).toAbsolutePath().toString();
    String c = in.resolve("collaboration").toString();
    long start = System.nanoTime();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement s = db.createStatement()) {
      s.execute("SET threads TO " + Runtime.getRuntime().availableProcessors());
      String columns = "{'event_id': 'VARCHAR', 'source': 'VARCHAR', 'occurred_at': 'VARCHAR', 'actor': 'VARCHAR',"
          + " 'action': 'VARCHAR', 'thread_id': 'VARCHAR', 'parent_id': 'VARCHAR', 'target': 'VARCHAR', 'space': 'VARCHAR',"
          + " 'size': 'VARCHAR'}";
      s.execute("CREATE VIEW events AS"
          + " SELECT event_id, source, occurred_at, actor, action, target FROM read_csv('" + c + "/*.csv', header = true,"
          + "   columns = " + columns + ", ignore_errors = true, strict_mode = false)"
          + " UNION ALL SELECT event_id, source, occurred_at, actor, action, target FROM read_json('" + c + "/*.jsonl',"
          + "   format = 'newline_delimited', columns = " + columns + ", ignore_errors = true)");
      s.execute("CREATE VIEW identities AS SELECT * FROM read_csv('" + in.resolve("identities") + "/*.csv', header = true, all_varchar = true)");
      s.execute("CREATE VIEW people AS SELECT employee_id, email FROM read_csv('" + in.resolve("directory")
          + "/*.csv', header = true, all_varchar = true)");
      s.execute("COPY ("
          + " WITH e AS (SELECT ev.action, strftime(try_cast(ev.occurred_at AS TIMESTAMPTZ) AT TIME ZONE 'UTC', '%Y-%m') AS month,"
          + "   coalesce(ia.employee_id, pa.employee_id) AS person, coalesce(it.employee_id, pt.employee_id) AS helped"
          + "   FROM events ev"
          + "   LEFT JOIN identities ia ON ia.system = ev.source AND ia.external_id = ev.actor"
          + "   LEFT JOIN people pa ON pa.email = ev.actor"
          + "   LEFT JOIN identities it ON it.system = ev.source AND it.external_id = ev.target"
          + "   LEFT JOIN people pt ON pt.email = ev.target"
          + "   WHERE try_cast(ev.occurred_at AS TIMESTAMPTZ) IS NOT NULL)"
          + " SELECT person, month,"
          + "   count(*) FILTER (WHERE action = 'question') AS n_question, count(*) FILTER (WHERE action = 'answer') AS n_answer,"
          + "   count(*) FILTER (WHERE action = 'accept') AS n_accept, count(*) FILTER (WHERE action = 'reply') AS n_reply,"
          + "   count(*) FILTER (WHERE action = 'post') AS n_post, count(*) FILTER (WHERE action = 'comment') AS n_comment,"
          + "   count(*) FILTER (WHERE action = 'edit') AS n_edit, count(*) FILTER (WHERE action = 'react') AS n_react,"
          + "   count(*) FILTER (WHERE action = 'view') AS n_view,"
          + "   count(DISTINCT helped) FILTER (WHERE action IN ('answer', 'reply', 'comment', 'edit')) AS people_helped"
          + " FROM e WHERE person IS NOT NULL GROUP BY person, month"
          + ") TO '" + out + "' (FORMAT parquet)");
      long rows;
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM read_parquet('" + out + "')")) {
        r.next();
        rows = r.getLong(1);
      }
      System.out.printf(java.util.Locale.ROOT, "peer %d %.1f%n", rows, (System.nanoTime() - start) / 1e9);
    }
  }
}
