package io.bottomup.ingest;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** A stream of landing records read one ahead: subclasses say how to read the next one. */
abstract class RecordIterator implements Iterator<LandingRecord> {
  private LandingRecord next;

  /** The next record of the file, or null at its end. */
  protected abstract LandingRecord advance();

  @Override
  public final boolean hasNext() {
    if (next == null) {
      next = advance();
    }
    return next != null;
  }

  @Override
  public final LandingRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    LandingRecord r = next;
    next = null;
    return r;
  }
}
