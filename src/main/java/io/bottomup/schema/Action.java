package io.bottomup.schema;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The collaboration actions of INPUTS.md, in the order reports list them. */
public enum Action {
  QUESTION,
  ANSWER,
  ACCEPT,
  REPLY,
  POST,
  COMMENT,
  EDIT,
  REACT,
  VIEW;

  /** Actions by which someone helps another person (the helped person is the action's target). */
  public static final List<Action> HELPING = List.of(ANSWER, REPLY, COMMENT, EDIT);

  /** Whether the {@code action} column holds one of {@code actions}. */
  public static org.apache.spark.sql.Column among(List<Action> actions) {
    return org.apache.spark.sql.functions.col("action").isin(actions.stream().map(Action::value).toArray());
  }

  /** The value as it appears in data and column names. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The action for a value in any case, or {@code null}. */
  public static Action parse(String value) {
    for (Action a : values()) {
      if (a.value().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return a;
      }
    }
    return null;
  }

  public static List<String> valueList() {
    return Arrays.stream(values()).map(Action::value).toList();
  }

  public static String names() {
    return Arrays.stream(values()).map(Action::value).collect(Collectors.joining(", "));
  }
}
