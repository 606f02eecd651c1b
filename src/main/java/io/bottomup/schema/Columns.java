package io.bottomup.schema;

/**
 * Column names used by more than one stage. Landing field names are declared once in
 * {@link EntitySpec}; these are the columns bottomup itself adds or the layers share.
 */
public final class Columns {
  private Columns() {}

  // Lineage of every landing record (staging keeps file and line; quarantine keeps them all).
  public static final String FILE = "_file";
  public static final String LINE = "_line";
  public static final String RAW = "_raw";
  public static final String MALFORMED = "_malformed";
  public static final String REASON = "_reason";
  public static final String DETAIL = "_detail";
  public static final String EMPLOYEE = "_employee_id";

  // Staging and marts.
  public static final String SOURCE = "source";
  public static final String PERSON_KEY = "person_key";
  public static final String EMAIL_KEY = "email_key";
  public static final String MANAGER_KEY = "manager_key";
  public static final String MANAGER_KNOWN = "manager_known";
  public static final String EXTERNAL_KEY = "external_key";
  public static final String ACTOR_KEY = "actor_key";
  public static final String TARGET_KEY = "target_key";
  public static final String TARGET_GIVEN = "target_given";
  public static final String EVENT_DATE = "event_date";
  /** Staging partitions collaboration by month of the event (yyyy-MM): a few dozen folders, not hundreds. */
  public static final String EVENT_MONTH = "event_month";
  public static final String MONTH = "month";
  public static final String DEPARTMENT = "department";
  public static final String ACTOR_DEPARTMENT = "actor_department";
  public static final String TARGET_DEPARTMENT = "target_department";
  public static final String CROSS_DEPARTMENT = "cross_department";
}
