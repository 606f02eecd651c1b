package io.bottomup.config;

import io.bottomup.BottomupException;
import io.bottomup.schema.Entity;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One source of a run (the job configuration's {@code sources} list, SOURCES.md): which entity it
 * feeds, in which format, where under {@code --input}, and the system its ids belong to.
 *
 * <pre>
 * sources:
 *   - name: beer-qa              # optional, shown in the manifest; default: the path
 *     entity: collaboration
 *     format: stackexchange
 *     path: exports/beer          # a folder (or file) under --input
 *     system: stackexchange       # optional; default per format
 * </pre>
 */
public record SourceConfig(String name, Entity entity, String format, String path, String system, Map<String, Object> options)
    implements Serializable {
  public static final String STACKEXCHANGE = "stackexchange";
  public static final String SLACK_EXPORT = "slack-export";
  public static final String CSV = "csv";
  public static final String JSONL = "jsonl";
  public static final String XLSX = "xlsx";
  public static final String XAPI = "xapi";
  /** Formats this version reads, with the entities each can feed and its default system. */
  static final Map<String, List<Entity>> FORMATS = Map.of(
      STACKEXCHANGE, List.of(Entity.COLLABORATION),
      SLACK_EXPORT, List.of(Entity.COLLABORATION),
      CSV, Arrays.asList(Entity.values()),
      XLSX, Arrays.asList(Entity.values()),
      XAPI, List.of(Entity.COLLABORATION, Entity.TRAINING),
      JSONL, List.of(Entity.COLLABORATION));
  private static final Set<String> KEYS = Set.of("name", "entity", "format", "path", "system", "options");

  public static String defaultSystem(String format) {
    return switch (format) {
      case STACKEXCHANGE -> "stackexchange";
      case SLACK_EXPORT -> "slack";
      case XAPI -> "lrs";
      default -> null;
    };
  }

  @SuppressWarnings("unchecked")
  static List<SourceConfig> parse(Object raw) {
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof List<?> list)) {
      throw bad("sources", "must be a list of sources, each with entity, format and path");
    }
    List<SourceConfig> sources = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "sources[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> m)) {
        throw bad(at, "must be a mapping with entity, format and path");
      }
      Map<String, Object> s = new LinkedHashMap<>();
      m.forEach((k, v) -> s.put(String.valueOf(k), v));
      for (String key : s.keySet()) {
        if (!KEYS.contains(key)) {
          throw bad(at + "." + key, "is not a known key; known keys are " + String.join(", ", KEYS.stream().sorted().toList()));
        }
      }
      String entityName = text(s, "entity", at);
      Entity entity = Arrays.stream(Entity.values()).filter(e -> e.folder().equals(entityName)).findFirst()
          .orElseThrow(() -> bad(at + ".entity", "'" + entityName
              + "' is not an entity; entities are directory, identities, collaboration, appraisals, training"));
      String format = text(s, "format", at);
      if (!FORMATS.containsKey(format)) {
        throw bad(at + ".format", "'" + format + "' is not a format; formats are "
            + String.join(", ", FORMATS.keySet().stream().sorted().toList()));
      }
      if (!FORMATS.get(format).contains(entity)) {
        throw bad(at + ".format", "'" + format + "' cannot feed " + entityName);
      }
      String path = text(s, "path", at);
      if (path.startsWith("/") || path.contains("..")) {
        throw bad(at + ".path", "must be a relative path under --input without '..', got '" + path + "'");
      }
      String system = s.get("system") == null ? defaultSystem(format) : text(s, "system", at);
      String name = s.get("name") == null ? path : text(s, "name", at);
      Object options = s.get("options");
      if (options != null && !(options instanceof Map)) {
        throw bad(at + ".options", "must be a mapping");
      }
      if (sources.stream().anyMatch(o -> o.name().equals(name))) {
        throw bad(at + ".name", "'" + name + "' names two sources");
      }
      sources.add(new SourceConfig(name, entity, format, path, system,
          options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>((Map<String, Object>) options))));
    }
    return List.copyOf(sources);
  }

  private static String text(Map<String, Object> s, String key, String at) {
    Object v = s.get(key);
    if (!(v instanceof String t) || t.isBlank()) {
      throw bad(at + "." + key, v == null ? "is required" : "must be a non-empty text, got '" + v + "'");
    }
    return t.trim();
  }

  private static BottomupException bad(String key, String problem) {
    return BottomupException.refused("configuration key '" + key + "' " + problem);
  }
}
