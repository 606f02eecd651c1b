package io.bottomup.schema;

import java.io.Serializable;
import java.util.List;

/**
 * One column of an input entity: its name in the landing file, whether it is required, its type and
 * its allowed range or values. Declared once in {@link EntitySpec}; validation and documentation read
 * it from there.
 */
public record Field(String name, FieldType type, boolean required, Double min, Double max, List<String> allowed)
    implements Serializable {

  public static Field required(String name, FieldType type) {
    return new Field(name, type, true, null, null, List.of());
  }

  public static Field optional(String name, FieldType type) {
    return new Field(name, type, false, null, null, List.of());
  }

  public Field range(double min, Double max) {
    return new Field(name, type, required, min, max, allowed);
  }

  public Field oneOf(List<String> values) {
    return new Field(name, FieldType.ENUM, required, min, max, List.copyOf(values));
  }
}
