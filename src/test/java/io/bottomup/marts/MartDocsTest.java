package io.bottomup.marts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MartDocsTest {
  @Test
  void everyMartAndEveryColumnIsDocumented() throws Exception {
    Set<String> schemas;
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/marts"))) {
      schemas = files.map(p -> p.getFileName().toString().replace(".avsc", "")).collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(schemas, new TreeSet<>(MartDocs.ALL), "MartDocs.ALL lists every schema");
    for (String mart : MartDocs.ALL) {
      assertFalse(MartDocs.tableDoc(mart).isBlank(), mart + " has no doc");
      for (MartDocs.Column c : MartDocs.columns(mart)) {
        assertFalse(c.doc().isBlank(), mart + "." + c.name() + " has no doc");
      }
    }
  }

  /** Evidence is suppressed by its own rule (scopes below the group size are not analysed); network_person is person-level. */
  @Test
  void everyAggregateMartCarriesItsSuppression() {
    for (String mart : MartDocs.ALL) {
      if (mart.startsWith("mart_") && !Set.of("mart_evidence", "mart_network_person").contains(mart)) {
        assertTrue(MartDocs.columns(mart).stream().anyMatch(c -> c.name().equals("suppression")), mart);
      }
    }
  }

  @Test
  void docsMartsMdIsTheGeneratedDocumentation() throws Exception {
    assertEquals(MartDocs.markdown(), Files.readString(Path.of("docs/marts.md")),
        "docs/marts.md is out of date: java -cp \"target/dist/lib/*\" io.bottomup.marts.MartDocs > docs/marts.md");
  }
}
