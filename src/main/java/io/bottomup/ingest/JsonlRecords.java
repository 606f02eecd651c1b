package io.bottomup.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Streams the records of a JSON Lines file: one JSON object per line, parsed strictly (no single
 * quotes, comments, trailing commas or trailing text: what only a lenient parser accepts is
 * malformed, and so is a name given twice). Field names are matched case-insensitively; unknown fields are ignored; scalar values
 * become text, {@code null} and empty strings are missing. Blank lines are not records.
 */
public final class JsonlRecords extends RecordIterator {
  private static final ObjectReader STRICT =
      new ObjectMapper().enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final BufferedReader in;
  private final String file;
  private final Map<String, Integer> fieldIndex = new HashMap<>();
  private final int fieldCount;
  private final int[] required;
  private long line;

  public JsonlRecords(BufferedReader in, String file, List<String> fields, List<String> required) {
    this(in, file, fields, required, 1);
  }

  /**
   * The records of a piece of a file whose first line is line {@code firstLine} of the file;
   * {@code required} are the fields a record must have (a missing one comes before a bad value).
   */
  public JsonlRecords(BufferedReader in, String file, List<String> fields, List<String> required, long firstLine) {
    this(in, file, fields, required, Map.of(), firstLine);
  }

  /** As above, for an export whose keys are mapped to the entity's fields ({@code columns}: field → key). */
  public JsonlRecords(BufferedReader in, String file, List<String> fields, List<String> required, Map<String, String> columns,
      long firstLine) {
    this.line = firstLine - 1;
    this.in = in;
    this.file = file;
    this.fieldCount = fields.size();
    for (int i = 0; i < fields.size(); i++) {
      fieldIndex.put(columns.getOrDefault(fields.get(i), fields.get(i)).strip().toLowerCase(Locale.ROOT), i);
    }
    this.required = required.stream().mapToInt(fields::indexOf).filter(i -> i >= 0).toArray();
  }

  @Override
  protected LandingRecord advance() {
    try {
      String text;
      while ((text = in.readLine()) != null) {
        line++;
        if (line == 1 && text.startsWith("\uFEFF")) {
          text = text.substring(1);
        }
        if (!text.isBlank()) {
          return parse(text);
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private LandingRecord parse(String text) {
    JsonNode node;
    try {
      node = STRICT.readValue(text);
    } catch (JsonProcessingException e) {
      return LandingRecord.malformed(file, line, text, "not valid JSON: " + e.getOriginalMessage(), fieldCount);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (node == null || !node.isObject()) {
      return LandingRecord.malformed(file, line, text, "a line must hold one JSON object", fieldCount);
    }
    String[] values = new String[fieldCount];
    String[] names = new String[fieldCount];
    String container = null;
    for (var fields = node.fields(); fields.hasNext();) {
      Map.Entry<String, JsonNode> e = fields.next();
      String name = e.getKey().strip().toLowerCase(Locale.ROOT);
      Integer i = fieldIndex.get(name);
      if (i != null) {
        if (names[i] != null) {
          // Names are matched case-insensitively: two spellings of one field leave its value in doubt.
          return LandingRecord.malformed(file, line, text, "field " + name + " is given twice, as \"" + names[i]
              + "\" and as \"" + e.getKey() + "\"", fieldCount);
        }
        names[i] = e.getKey();
        values[i] = LandingRecord.clean(valueText(e.getValue()));
        if (e.getValue().isContainerNode() && container == null) {
          container = name + " is a JSON " + (e.getValue().isObject() ? "object" : "array") + ", not a value: " + values[i];
        }
      }
    }
    // Every field is a value (a string, number or boolean); an object or array where one is expected
    // has the wrong type (bad_value), not an identity that matches no one. A missing required field
    // comes first (INPUTS.md's order of reasons): the validator finds it on the parsed record.
    boolean missing = java.util.Arrays.stream(required).anyMatch(i -> values[i] == null);
    return container != null && !missing ? LandingRecord.rejected(file, line, text, Reason.BAD_VALUE, container, values)
        : LandingRecord.parsed(file, line, text, values);
  }

  private static String valueText(JsonNode value) {
    if (value.isNull() || value.isMissingNode()) {
      return null;
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }
}
