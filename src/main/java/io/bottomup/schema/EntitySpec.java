package io.bottomup.schema;

import static io.bottomup.schema.Field.optional;
import static io.bottomup.schema.Field.required;

import io.bottomup.config.JobConfig;
import java.io.Serializable;
import java.util.List;

/**
 * The input contract of one entity (INPUTS.md), declared once: its fields with types, ranges and
 * allowed values, its uniqueness keys, its ordering rules and the file types its folder may hold.
 * The validator applies it; the README documents it.
 *
 * @param uniqueKeys each key is a list of fields; a second record with an equal key is a duplicate
 *     (text compared case-insensitively where {@link #caseInsensitive} names the field)
 * @param orderings pairs (later, earlier) where later must not be before earlier
 */
public record EntitySpec(
    Entity entity,
    List<Field> fields,
    List<List<String>> uniqueKeys,
    List<String> caseInsensitive,
    List<Ordering> orderings,
    List<String> extensions)
    implements Serializable {

  public record Ordering(String later, String earlier) implements Serializable {}

  public static final List<String> MODALITIES = List.of("classroom", "virtual", "elearning", "blended", "coaching", "other");
  public static final List<String> TRAINING_STATUSES = List.of("completed", "in_progress", "failed", "withdrawn");

  public List<String> fieldNames() {
    return fields.stream().map(Field::name).toList();
  }

  public List<String> requiredFieldNames() {
    return fields.stream().filter(Field::required).map(Field::name).toList();
  }

  public Field field(String name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(entity + " has no field " + name));
  }

  public static EntitySpec of(Entity entity, JobConfig config) {
    return switch (entity) {
      case DIRECTORY -> directory();
      case IDENTITIES -> identities();
      case COLLABORATION -> collaboration();
      case APPRAISALS -> appraisals(config);
      case TRAINING -> training();
    };
  }

  public static EntitySpec directory() {
    return new EntitySpec(Entity.DIRECTORY,
        List.of(
            required("employee_id", FieldType.TEXT),
            required("email", FieldType.TEXT),
            optional("display_name", FieldType.TEXT),
            required("department", FieldType.TEXT),
            optional("team", FieldType.TEXT),
            optional("manager_id", FieldType.TEXT),
            optional("job_level", FieldType.INTEGER).range(1, 10.0),
            optional("location", FieldType.TEXT),
            required("hire_date", FieldType.DATE),
            optional("termination_date", FieldType.DATE),
            optional("hourly_cost", FieldType.DECIMAL).range(0, null)),
        List.of(List.of("employee_id"), List.of("email")),
        List.of("email"),
        List.of(new Ordering("termination_date", "hire_date")),
        List.of("csv", "jsonl"));
  }

  public static EntitySpec identities() {
    return new EntitySpec(Entity.IDENTITIES,
        List.of(
            required("employee_id", FieldType.TEXT),
            required("system", FieldType.TEXT),
            required("external_id", FieldType.TEXT)),
        List.of(List.of("system", "external_id")),
        List.of("system"),
        List.of(),
        List.of("csv", "jsonl"));
  }

  public static EntitySpec collaboration() {
    return new EntitySpec(Entity.COLLABORATION,
        List.of(
            required("event_id", FieldType.TEXT),
            required("source", FieldType.TEXT),
            required("occurred_at", FieldType.TIMESTAMP),
            required("actor", FieldType.TEXT),
            required("action", FieldType.TEXT).oneOf(Action.valueList()),
            optional("thread_id", FieldType.TEXT),
            optional("parent_id", FieldType.TEXT),
            optional("target", FieldType.TEXT),
            optional("space", FieldType.TEXT),
            optional("size", FieldType.INTEGER).range(0, null)),
        List.of(List.of("source", "event_id")),
        List.of("source"),
        List.of(),
        List.of("jsonl", "csv"));
  }

  public static EntitySpec appraisals(JobConfig config) {
    return new EntitySpec(Entity.APPRAISALS,
        List.of(
            required("employee_id", FieldType.TEXT),
            required("cycle", FieldType.TEXT),
            required("review_date", FieldType.DATE),
            required("manager_rating", FieldType.DECIMAL).range(config.ratingMin(), config.ratingMax()),
            optional("self_rating", FieldType.DECIMAL).range(config.ratingMin(), config.ratingMax()),
            optional("goals_met_pct", FieldType.DECIMAL).range(0, 100.0),
            optional("promoted", FieldType.BOOLEAN),
            // Staged as a 32-bit integer: a larger count is a bad value, not a failed staging write.
            optional("competency_gaps", FieldType.INTEGER).range(0, (double) Integer.MAX_VALUE)),
        List.of(List.of("employee_id", "cycle")),
        List.of(),
        List.of(),
        List.of("csv", "jsonl"));
  }

  public static EntitySpec training() {
    return new EntitySpec(Entity.TRAINING,
        List.of(
            required("record_id", FieldType.TEXT),
            required("learner", FieldType.TEXT),
            // Not in INPUTS.md: the identity system of learner when it is not lms (an xAPI account whose
            // homePage is aliased to another system, SOURCES.md); a training file may carry it too.
            optional("learner_system", FieldType.TEXT),
            required("course_id", FieldType.TEXT),
            optional("course_title", FieldType.TEXT),
            optional("modality", FieldType.TEXT).oneOf(MODALITIES),
            optional("enrolled_at", FieldType.DATE_OR_TIMESTAMP),
            optional("completed_at", FieldType.DATE_OR_TIMESTAMP),
            required("status", FieldType.TEXT).oneOf(TRAINING_STATUSES),
            required("hours", FieldType.DECIMAL).range(0, null),
            optional("cost", FieldType.DECIMAL).range(0, null),
            optional("score", FieldType.DECIMAL).range(0, 100.0)),
        List.of(List.of("record_id")),
        List.of("learner_system"),
        List.of(new Ordering("completed_at", "enrolled_at")),
        List.of("csv", "jsonl"));
  }
}
