package io.bottomup;

/**
 * A failure the command line turns into one of the exit codes of OUTPUTS.md, with a message a data
 * engineer can act on. Anything else that escapes a stage is exit code 1.
 */
public class BottomupException extends RuntimeException {
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_REFUSED = 2;
  public static final int EXIT_QUALITY_GATE = 3;
  public static final int EXIT_LOCKED = 4;

  private final int exitCode;

  public BottomupException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public BottomupException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** Bad command line, missing or unreadable input, bad configuration, missing key: exit 2. */
  public static BottomupException refused(String message) {
    return new BottomupException(EXIT_REFUSED, message);
  }

  /** The BottomupException that {@code t} is or was caused by (Spark wraps one thrown in a task), or null. */
  public static BottomupException in(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BottomupException b) {
        return b;
      }
    }
    return null;
  }

  public int exitCode() {
    return exitCode;
  }
}
