package io.bottomup.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGeneratorTest {
  @TempDir
  Path dir;

  private long events(double activity, String folder) throws Exception {
    return new SampleGenerator(200, 6, 7, LocalDate.of(2026, 6, 30)).activity(activity).write(dir.resolve(folder));
  }

  @Test
  void activityScalesEachPersonsCollaborationNotThePeople() throws Exception {
    long base = events(1, "x1");
    long fourfold = events(4, "x4");
    // Every monthly count is Poisson with a mean four times as large, so the total lands near 4x.
    assertTrue(fourfold > 3.5 * base && fourfold < 4.5 * base, base + " events at activity 1, " + fourfold + " at 4");
    assertEquals(Files.readAllLines(dir.resolve("x1/directory/employees.csv")).size(),
        Files.readAllLines(dir.resolve("x4/directory/employees.csv")).size(), "the same people");
    assertEquals(base, events(1, "again"), "same seed, same events");
  }

  @Test
  void activityMustBePositiveAndAtMostAHundred() {
    SampleGenerator g = new SampleGenerator(20, 3, 1, LocalDate.of(2026, 6, 30));
    assertThrows(IllegalArgumentException.class, () -> g.activity(0));
    assertThrows(IllegalArgumentException.class, () -> g.activity(101));
  }
}
