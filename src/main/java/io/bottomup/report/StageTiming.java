package io.bottomup.report;

/** How long one stage of a run took (a {@code stages} entry of manifest.json). */
public record StageTiming(String name, double seconds) {}
