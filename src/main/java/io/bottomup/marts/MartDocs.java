package io.bottomup.marts;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The documentation of every mart, generated from the Avro contracts so that it cannot drift from
 * them: {@code docs/marts.md} is this class's output (a test checks it), and the workbook's
 * Definitions sheet reads the same documentation.
 *
 * <p>Regenerate after changing a schema: {@code java -cp "target/dist/lib/*" io.bottomup.marts.MartDocs > docs/marts.md}.
 */
public final class MartDocs {
  /** Every table under {@code marts/}, in the order the documentation lists them. */
  public static final List<String> ALL = List.of(
      "dim_person", "fct_collaboration", "fct_training", "fct_appraisal", "fct_person_month", "fct_question",
      "mart_learning_summary", "mart_learning_monthly", "mart_department", "mart_department_month",
      "mart_question_flow", "mart_network_summary", "mart_network_department", "mart_network_person",
      "mart_evidence", "mart_roi", "mart_culture_index", "mart_dependent_learners", "mart_courses");

  private MartDocs() {}

  /** A column's documentation: its mart, name, type and the formula or meaning, with unit where it has one. */
  public record Column(String mart, String name, String type, String doc) {}

  public static List<Column> columns(String mart) {
    return MartSchemas.avro(mart).getFields().stream()
        .map(f -> new Column(mart, f.name(), typeName(MartSchemas.nonNull(f.schema())), f.doc() == null ? "" : f.doc()))
        .toList();
  }

  public static String tableDoc(String mart) {
    String doc = MartSchemas.avro(mart).getDoc();
    return doc == null ? "" : doc;
  }

  static String typeName(Schema s) {
    if (s.getLogicalType() != null) {
      return s.getLogicalType().getName().equals("timestamp-micros") ? "timestamp" : s.getLogicalType().getName();
    }
    return s.getType().getName();
  }

  public static String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Marts\n\n")
        .append("Generated from the Avro contracts in `src/main/resources/marts/` by `io.bottomup.marts.MartDocs`; ")
        .append("do not edit by hand. Every figure carries its formula and unit; `n` columns give the people or ")
        .append("observations behind it. Aggregates over fewer than `min_group_size` people are suppressed: the ")
        .append("row keeps its keys, every metric is empty and `suppression` says why (`small_group`, or ")
        .append("`complementary` where the suppressed group could otherwise be recomputed from a total).\n");
    for (String mart : ALL) {
      md.append("\n## ").append(mart).append("\n\n").append(tableDoc(mart)).append("\n\n")
          .append("| column | type | formula, meaning, unit |\n|---|---|---|\n");
      for (Column c : columns(mart)) {
        md.append("| `").append(c.name()).append("` | ").append(c.type()).append(" | ")
            .append(c.doc().replace("|", "\\|")).append(" |\n");
      }
    }
    return md.toString();
  }

  public static void main(String[] args) {
    System.out.print(markdown());
  }
}
