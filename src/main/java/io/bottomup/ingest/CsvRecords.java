package io.bottomup.ingest;

import io.bottomup.BottomupException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Streams the records of an RFC 4180 CSV file with a header row. Header names are matched to the
 * entity's fields case-insensitively after trimming; unknown columns are ignored; a byte-order mark
 * is dropped; LF and CRLF both end a line; quoted fields may span lines. A record with the wrong
 * number of fields or broken quoting is returned as malformed, with the line it starts on, and
 * parsing resumes on the next line. Blank lines are not records.
 */
public final class CsvRecords extends RecordIterator {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CsvRecords.class);
  private final Reader in;
  private final String file;
  private final int[] fieldColumn;
  private final int headerWidth;
  private final int fieldCount;
  private final char delimiter;
  private long line = 1;
  private int peeked = -2;

  /**
   * @param fields the entity's field names, in the order values are returned
   * @param required the fields whose column must be present in the header
   */
  public CsvRecords(Reader in, String file, List<String> fields, List<String> required) {
    this(in, file, fields, required, Map.of(), ',');
  }

  /**
   * @param columns for a mapped export: the source column of a canonical field, by field name
   *     (fields not in it keep their own name)
   * @param delimiter what separates fields: {@code ,} in RFC 4180; a mapped export may declare another
   */
  public CsvRecords(Reader in, String file, List<String> fields, List<String> required, Map<String, String> columns,
      char delimiter) {
    this.in = in;
    this.delimiter = delimiter;
    this.file = file;
    this.fieldCount = fields.size();
    if (peek() == '\uFEFF') {
      read();
    }
    RawRecord header = readRecord();
    if (header == null) {
      // Only a byte-order mark (an empty sheet saved as "CSV UTF-8"): no records, like a 0-byte file.
      LOG.warn("file {} holds nothing but a byte-order mark: no records", file);
      headerWidth = 0;
      fieldColumn = new int[0];
      return;
    }
    if (header.malformed != null) {
      throw BottomupException.refused("file " + file + " line 1: the header row is not valid CSV (" + header.malformed + ")");
    }
    fieldColumn = MappedColumns.fieldColumns("file " + file + " line 1", header.fields, fields, required, columns,
        header.fields, delimiter);
    headerWidth = header.fields.size();
  }

  @Override
  protected LandingRecord advance() {
    RawRecord r;
    do {
      r = readRecord();
      if (r == null) {
        return null;
      }
    } while (r.malformed == null && r.fields.size() == 1 && r.fields.get(0).isBlank() && !r.quoted);
    if (r.malformed != null) {
      return LandingRecord.malformed(file, r.line, r.raw, r.malformed, fieldCount);
    }
    if (r.fields.size() != headerWidth) {
      return LandingRecord.malformed(
          file, r.line, r.raw, "expected " + headerWidth + " fields as in the header, found " + r.fields.size(), fieldCount);
    }
    String[] values = new String[fieldCount];
    for (int i = 0; i < fieldCount; i++) {
      values[i] = fieldColumn[i] < 0 ? null : LandingRecord.clean(r.fields.get(fieldColumn[i]));
    }
    return LandingRecord.parsed(file, r.line, r.raw, values);
  }

  private static final class RawRecord {
    final long line;
    final List<String> fields = new ArrayList<>();
    final StringBuilder rawText = new StringBuilder();
    String raw;
    String malformed;
    boolean quoted;

    RawRecord(long line) {
      this.line = line;
    }
  }

  /** Reads one record (possibly spanning lines), or null at the end of the input. */
  private RawRecord readRecord() {
    int c = read();
    if (c < 0) {
      return null;
    }
    RawRecord rec = new RawRecord(line);
    StringBuilder field = new StringBuilder();
    boolean inQuotes = false;
    boolean afterClosingQuote = false;
    while (true) {
      if (c < 0) {
        if (inQuotes) {
          rec.malformed = "a quoted field is not closed before the end of the file";
        }
        break;
      }
      if (inQuotes) {
        if (c == '"') {
          if (peek() == '"') {
            field.append('"');
            rec.rawText.append('"');
            read();
          } else {
            inQuotes = false;
            afterClosingQuote = true;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append((char) c);
        }
        rec.rawText.append((char) c);
        c = read();
        continue;
      }
      if (c == delimiter) {
        rec.fields.add(field.toString());
        field.setLength(0);
        afterClosingQuote = false;
      } else if (c == '\r' || c == '\n') {
        if (c == '\r' && peek() == '\n') {
          read();
        }
        line++;
        break;
      } else if (c == '"' && field.length() == 0 && !afterClosingQuote) {
        inQuotes = true;
        rec.quoted = true;
      } else if (afterClosingQuote || c == '"') {
        rec.malformed = afterClosingQuote
            ? "text after a closing quote in field " + (rec.fields.size() + 1)
            : "a quote inside an unquoted field " + (rec.fields.size() + 1);
        rec.rawText.append((char) c);
        skipRestOfLine(rec);
        break;
      } else {
        field.append((char) c);
      }
      rec.rawText.append((char) c);
      c = read();
    }
    rec.fields.add(field.toString());
    rec.raw = rec.rawText.toString();
    return rec;
  }

  private void skipRestOfLine(RawRecord rec) {
    int c;
    while ((c = read()) >= 0) {
      if (c == '\n' || c == '\r') {
        if (c == '\r' && peek() == '\n') {
          read();
        }
        line++;
        return;
      }
      rec.rawText.append((char) c);
    }
  }

  private int read() {
    if (peeked != -2) {
      int c = peeked;
      peeked = -2;
      return c;
    }
    try {
      return in.read();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int peek() {
    if (peeked == -2) {
      peeked = read();
    }
    return peeked;
  }
}
