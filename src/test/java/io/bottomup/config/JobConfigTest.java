package io.bottomup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.BottomupException;
import io.bottomup.schema.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {
  @Test
  void everyKeyHasADefault() {
    JobConfig c = JobConfig.fromYaml("");
    assertEquals(5, c.minGroupSize());
    assertEquals(1.0, c.ratingMin());
    assertEquals(5.0, c.ratingMax());
    assertEquals("EUR", c.currency());
    assertEquals(15.0, c.minutesPerAction().get(Action.ANSWER));
  }

  @Test
  void readsEveryKeyAndKeepsDefaultsForActionsNotNamed() {
    JobConfig c = JobConfig.fromYaml("""
        organisation_name: Acme
        min_group_size: 8
        currency: GBP
        rating_scale: {min: 0, max: 10}
        minutes_per_action: {answer: 20, react: 0}
        """);
    assertEquals("Acme", c.organisationName());
    assertEquals(8, c.minGroupSize());
    assertEquals("GBP", c.currency());
    assertEquals(10.0, c.ratingMax());
    assertEquals(20.0, c.minutesPerAction().get(Action.ANSWER));
    assertEquals(0.0, c.minutesPerAction().get(Action.REACT));
    assertEquals(10.0, c.minutesPerAction().get(Action.QUESTION));
  }

  @Test
  void anUnknownKeyOrABadValueIsRefusedNamingTheKey() {
    assertRefused("min_grup_size: 5", "'min_grup_size' is not a known key");
    assertRefused("min_group_size: 2.5", "'min_group_size' must be a whole number");
    assertRefused("min_group_size: 0", "'min_group_size' must be between 1 and 1000, got 0");
    assertRefused("rating_scale: {min: 5, max: 1}", "'rating_scale' max (1.0) must be greater than min (5.0)");
    assertRefused("rating_scale: {low: 1}", "'rating_scale.low' is not a known key");
    assertRefused("minutes_per_action: {upvote: 1}", "'minutes_per_action.upvote' is not an action");
    assertRefused("minutes_per_action: {answer: -1}", "'minutes_per_action.answer' must be between 0 and 1440");
    assertRefused("currency: euro", "'currency' must be a three-letter ISO 4217 code");
  }

  @Test
  void theDocumentedJobFileHoldsExactlyTheDefaults() {
    JobConfig documented = JobConfig.load(Path.of("jobs/default.yaml"));
    JobConfig defaults = JobConfig.defaults();
    assertEquals(defaults.organisationName(), documented.organisationName());
    assertEquals(defaults.reportTitle(), documented.reportTitle());
    assertEquals(defaults.currency(), documented.currency());
    assertEquals(defaults.minGroupSize(), documented.minGroupSize());
    assertEquals(defaults.ratingMin(), documented.ratingMin());
    assertEquals(defaults.ratingMax(), documented.ratingMax());
    assertEquals(defaults.minutesPerAction(), documented.minutesPerAction());
    for (io.bottomup.schema.Entity e : io.bottomup.schema.Entity.values()) {
      assertEquals(defaults.maxQuarantinedShare(e), documented.maxQuarantinedShare(e));
    }
    assertEquals(defaults.historyRuns(), documented.historyRuns());
    assertEquals(defaults.volumeChangeFactor(), documented.volumeChangeFactor());
    assertEquals(defaults.adoptionActiveShare(), documented.adoptionActiveShare());
    assertEquals(defaults.valuePerRatingPoint(), documented.valuePerRatingPoint());
    assertEquals(defaults.platformCostPerYear(), documented.platformCostPerYear());
    assertEquals(defaults.defaultHourlyCost(), documented.defaultHourlyCost());
    assertEquals(defaults.roiConfidence(), documented.roiConfidence());
    assertEquals(defaults.questionsPerHeadTarget(), documented.questionsPerHeadTarget());
    assertEquals(defaults.locale(), documented.locale());
    assertEquals(defaults.sections(), documented.sections());
    assertEquals(defaults.htmlTemplate(), documented.htmlTemplate());
    assertEquals(defaults.workbookTemplate(), documented.workbookTemplate());
    assertEquals(defaults.openCommunity(), documented.openCommunity());
    assertEquals(defaults.communityDepartment(), documented.communityDepartment());
    assertEquals(defaults.sources(), documented.sources());
    assertEquals(defaults.retentionMonths(), documented.retentionMonths());
  }

  @Test
  void sourcesAreReadWithDefaultsAndEveryMistakeNamesItsKey() {
    JobConfig c = JobConfig.fromYaml("sources:\n  - {entity: collaboration, format: stackexchange, path: exports/beer}\n"
        + "  - {name: chat, entity: collaboration, format: slack-export, path: slack, system: workspace}");
    assertEquals(2, c.sources().size());
    assertEquals("exports/beer", c.sources().get(0).name(), "the path names an unnamed source");
    assertEquals("stackexchange", c.sources().get(0).system(), "the format's default system");
    assertEquals("workspace", c.sources().get(1).system());
    assertRefused("sources: [{entity: appraisals, format: xapi, path: lrs}]", "'sources[0].format' 'xapi' cannot feed appraisals");
    assertRefused("sources: [{entity: collaboration, format: mbox, path: x}]", "'sources[0].format' 'mbox' is not a format");
    assertRefused("sources: [{entity: appraisals, format: slack-export, path: x}]",
        "'sources[0].format' 'slack-export' cannot feed appraisals");
    assertRefused("sources: [{entity: collaboration, format: csv}]", "'sources[0].path' is required");
    assertRefused("sources: [{entity: collaboration, format: csv, path: ../etc}]", "'sources[0].path' must be a relative path");
    assertRefused("sources: [{entity: chat, format: csv, path: x}]", "'sources[0].entity' 'chat' is not an entity");
    assertRefused("open_community: {enabled: true}", "'open_community.enabled' needs a source with a user list");
    assertRefused("retention_months: -1", "'retention_months' must be between 0 and 1200");
  }

  @Test
  void reportSectionsLocaleAndTemplatesAreConfigurable() {
    JobConfig c = JobConfig.fromYaml(
        "report: {locale: de-DE, sections: [roi, answer], html_template: templates/learning-culture-report.ftlh}");
    assertEquals(java.util.Locale.GERMANY, c.locale());
    assertEquals(java.util.List.of("answer", "roi"), c.sections(), "kept in report order");
    assertEquals("templates/learning-culture-report.ftlh", c.htmlTemplate());
    assertRefused("report: {html_template: my/report.ftlh}", "'report.html_template' names the template file my/report.ftlh,"
        + " which does not exist");
    assertRefused("report: {workbook_template: my/book.xlsx}", "'report.workbook_template' names the template file");
    assertEquals(null, c.workbookTemplate());
    assertRefused("report: {sections: [answer, gossip]}", "'report.sections' has 'gossip', which is not a section");
    assertRefused("report: {sections: []}", "'report.sections' must be a non-empty list");
    assertRefused("report: {locale: xx-QQ}", "'report.locale' must be a language tag");
  }

  @Test
  void theEvidenceRoiAndCultureAssumptionsAreConfigurable() {
    JobConfig c = JobConfig.fromYaml("evidence: {adoption_active_share: 0.3}\n"
        + "roi: {value_per_rating_point: 2500, platform_cost_per_year: 0, default_hourly_cost: 80, confidence: 0.7}\n"
        + "culture: {questions_per_head_target: 2}");
    assertEquals(0.3, c.adoptionActiveShare());
    assertEquals(2500, c.valuePerRatingPoint());
    assertEquals(0, c.platformCostPerYear());
    assertEquals(80, c.defaultHourlyCost());
    assertEquals(0.7, c.roiConfidence());
    assertEquals(2, c.questionsPerHeadTarget());
    assertRefused("roi: {confidence: 1.5}", "'roi.confidence' must be between 0 and 1");
    assertRefused("roi: {value_of_a_point: 1}", "'roi.value_of_a_point' is not a known key");
    assertRefused("evidence: {adoption_active_share: 0}", "'evidence.adoption_active_share' must be between");
  }

  @Test
  void theQualityGateAndHistoryAreConfigurable() {
    JobConfig c = JobConfig.fromYaml("quality_gate: {max_quarantined_share: 0.2, per_entity: {collaboration: 0.05}}\n"
        + "history: {runs: 3, volume_change_factor: 2.5}");
    assertEquals(0.05, c.maxQuarantinedShare(io.bottomup.schema.Entity.COLLABORATION));
    assertEquals(0.2, c.maxQuarantinedShare(io.bottomup.schema.Entity.TRAINING));
    assertEquals(3, c.historyRuns());
    assertEquals(2.5, c.volumeChangeFactor());
    assertRefused("quality_gate: {per_entity: {chat: 0.1}}", "'quality_gate.per_entity.chat' is not an entity");
    assertRefused("quality_gate: {max_quarantined_share: 1.5}", "'quality_gate.max_quarantined_share' must be between 0 and 1");
    assertRefused("history: {volume_change_factor: 1}", "'history.volume_change_factor' must be between");
  }

  @Test
  void aMissingFileIsRefused(@TempDir Path dir) throws Exception {
    BottomupException e = assertThrows(BottomupException.class, () -> JobConfig.load(dir.resolve("nope.yaml")));
    assertEquals(BottomupException.EXIT_REFUSED, e.exitCode());
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "a: [unclosed");
    assertTrue(assertThrows(BottomupException.class, () -> JobConfig.load(bad)).getMessage().contains("not valid YAML"));
  }

  /** A key given twice is refused: SnakeYAML kept the last one silently (min_group_size 1 after a 5). */
  @Test
  void aKeyGivenTwiceIsRefused(@TempDir Path dir) throws Exception {
    Path twice = Files.writeString(dir.resolve("twice.yaml"), "min_group_size: 5\nmin_group_size: 1\n");
    BottomupException e = assertThrows(BottomupException.class, () -> JobConfig.load(twice));
    assertEquals(BottomupException.EXIT_REFUSED, e.exitCode());
    assertTrue(e.getMessage().contains("duplicate key min_group_size"), e.getMessage());
  }

  private static void assertRefused(String yaml, String expected) {
    BottomupException e = assertThrows(BottomupException.class, () -> JobConfig.fromYaml(yaml));
    assertEquals(BottomupException.EXIT_REFUSED, e.exitCode());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
