package io.bottomup.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger hashes a local file again only when its stat says it was written since the last ledger. */
class LandingLedgerTest {
  private static final Configuration CONF = new Configuration();
  /** A scan that counts every file's times as settled (they were all written a moment ago). */
  private static final Instant LATER = Instant.now().plusSeconds(3600);
  /** SHA-256 of "a\n", as `printf 'a\n' | sha256sum` prints it. */
  private static final String SHA_A = "87428fc522803d31065e7bce3cf03fe475096631e5e07bbd7a0fde60c4cf25c7";
  /** SHA-256 of "b\n". */
  private static final String SHA_B = "0263829989b6fd954f72baaf2fc64bc2e2f01d692d4de72986ea808f6e99813f";

  private static Map<String, LandingLedger.FileEntry> scan(Path dir, Map<String, LandingLedger.FileEntry> previous, Instant settled) {
    List<LandingLedger.FileEntry> entries = LandingLedger.scan(CONF, new org.apache.hadoop.fs.Path(dir.toUri()), previous, settled);
    Map<String, LandingLedger.FileEntry> byPath = new java.util.TreeMap<>();
    entries.forEach(e -> byPath.put(e.path(), e));
    return byPath;
  }

  /** The tests below need a temporary folder on a local disk (ext4 on the machines this project runs on). */
  private static void assumeLocalDisk(Path dir) throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(LandingLedger.onLocalDisk(
        org.apache.hadoop.fs.FileSystem.getLocal(CONF), new org.apache.hadoop.fs.Path(dir.toUri())),
        "the temporary folder is on " + Files.getFileStore(dir).type());
  }

  @Test
  void onlyLocalDisksAreTrusted(@TempDir Path dir) throws IOException {
    assertEquals(LandingLedger.LOCAL_DISKS.contains(Files.getFileStore(dir).type()),
        LandingLedger.onLocalDisk(org.apache.hadoop.fs.FileSystem.getLocal(CONF), new org.apache.hadoop.fs.Path(dir.toUri())));
    org.junit.jupiter.api.Assertions.assertFalse(LandingLedger.LOCAL_DISKS.contains("nfs4"));
    org.junit.jupiter.api.Assertions.assertFalse(LandingLedger.LOCAL_DISKS.contains("cifs"));
  }

  @Test
  void aFileWhoseStatIsTheLastLedgersKeepsItsHashWithoutBeingRead(@TempDir Path dir) throws IOException {
    assumeLocalDisk(dir);
    Files.writeString(dir.resolve("a.csv"), "a\n");
    LandingLedger.FileEntry first = scan(dir, Map.of(), LATER).get("a.csv");
    assertEquals(SHA_A, first.sha256());
    assertNotNull(first.stat(), "a local file's device, inode and times");

    // A previous ledger whose hash for the same stat and size is another: the scan takes it, so it did not read the file.
    LandingLedger.FileEntry recorded = new LandingLedger.FileEntry("a.csv", 2, "hash-from-the-last-ledger", first.stat());
    assertEquals("hash-from-the-last-ledger", scan(dir, Map.of("a.csv", recorded), LATER).get("a.csv").sha256());
    // Another size, or no stat recorded (a ledger of an earlier version, another filesystem): read again.
    assertEquals(SHA_A, scan(dir, Map.of("a.csv", new LandingLedger.FileEntry("a.csv", 3, "x", first.stat())), LATER)
        .get("a.csv").sha256());
    assertEquals(SHA_A, scan(dir, Map.of("a.csv", new LandingLedger.FileEntry("a.csv", 2, "x")), LATER).get("a.csv").sha256());
  }

  /**
   * Rewritten with bytes of the same size and its modification time set back (as a copy that keeps times
   * does), a file still hashes again: its status-change time moved, and that cannot be set back.
   */
  @Test
  void aFileRewrittenWithTheSameSizeAndModificationTimeIsReadAgain(@TempDir Path dir) throws IOException, InterruptedException {
    assumeLocalDisk(dir);
    Path file = dir.resolve("a.csv");
    Files.writeString(file, "a\n");
    FileTime modified = Files.getLastModifiedTime(file);
    LandingLedger.FileEntry first = scan(dir, Map.of(), LATER).get("a.csv");
    Thread.sleep(20); // past the filesystem clock's tick, so the status-change time differs
    Files.writeString(file, "b\n");
    Files.setLastModifiedTime(file, modified);
    LandingLedger.FileEntry again = scan(dir, Map.of("a.csv", first), LATER).get("a.csv");
    assertNotEquals(first.stat(), again.stat());
    assertEquals(SHA_B, again.sha256(), "the new bytes' hash, not the kept one");
  }

  /**
   * A ledger of an earlier version (no stat) prints, and so digests, as it did then; a ledger with a
   * field of a later version is read, the field passed over.
   */
  @Test
  void ledgersOfOtherVersionsReadAndDigestAsTheirOwn(@TempDir Path dir) throws IOException {
    assertEquals("FileEntry[path=a.csv, size=2, sha256=x]", new LandingLedger.FileEntry("a.csv", 2, "x").toString());
    assertEquals("FileEntry[path=a.csv, size=2, sha256=x, stat=1:2:3:4]",
        new LandingLedger.FileEntry("a.csv", 2, "x", "1:2:3:4").toString());
    Path json = Files.writeString(dir.resolve("_landing.json"), "{\"run_date\":\"2026-10-30\",\"fingerprint\":\"f\",\"later\":1,"
        + "\"files\":[{\"path\":\"a.csv\",\"size\":2,\"sha256\":\"x\",\"stat\":\"1:2:3:4\",\"later\":true}]}");
    LandingLedger read = LandingLedger.read(CONF, json.toUri().toString());
    assertEquals(List.of(new LandingLedger.FileEntry("a.csv", 2, "x", "1:2:3:4")), read.files());
  }

  /** A file written within the last moments before the scan records no stat: the next scan reads it again. */
  @Test
  void aFileWrittenJustBeforeTheScanRecordsNoStat(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a.csv"), "a\n");
    LandingLedger.FileEntry entry = scan(dir, Map.of(), Instant.now().minusSeconds(60)).get("a.csv");
    assertEquals(SHA_A, entry.sha256());
    assertNull(entry.stat());
  }
}
