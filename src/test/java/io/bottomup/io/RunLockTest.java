package io.bottomup.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.BottomupException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
  @Test
  void aSecondRunIsRefusedWithExitFourUntilTheFirstReleases(@TempDir Path dir) {
    OutputLayout out = new OutputLayout(dir.toString());
    try (RunLock first = RunLock.acquire(new Configuration(), out)) {
      BottomupException e = assertThrows(BottomupException.class, () -> RunLock.acquire(new Configuration(), out));
      assertEquals(4, e.exitCode());
      assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
    }
    assertFalse(Files.exists(dir.resolve("_lock")));
    RunLock.acquire(new Configuration(), out).close();
  }

  @Test
  void aLockLeftByADeadProcessOrTooOldIsTakenOver(@TempDir Path dir) throws Exception {
    OutputLayout out = new OutputLayout(dir.toString());
    String host = InetAddress.getLocalHost().getHostName();
    Files.writeString(dir.resolve("_lock"), "pid=2147483000\nhost=" + host + "\nstarted_at=" + Instant.now() + "\n");
    RunLock.acquire(new Configuration(), out).close();
    Files.writeString(dir.resolve("_lock"), "pid=1\nhost=elsewhere\nstarted_at=2020-01-01T00:00:00Z\n");
    RunLock.acquire(new Configuration(), out).close();
    Files.writeString(dir.resolve("_lock"), "pid=1\nhost=elsewhere\nstarted_at=" + Instant.now() + "\n");
    assertEquals(4, assertThrows(BottomupException.class, () -> RunLock.acquire(new Configuration(), out)).exitCode(),
        "a recent lock from another host may belong to a live run");
  }

  /**
   * A lock file another tool made (an orchestrator's, an operator's empty file) names no run: held while
   * it is younger than 24 hours by its file time, taken over after.
   */
  @Test
  void aLockFileNamingNoRunIsHeldByItsAge(@TempDir Path dir) throws Exception {
    OutputLayout out = new OutputLayout(dir.toString());
    Path lock = Files.createFile(dir.resolve("_lock"));
    BottomupException e = assertThrows(BottomupException.class, () -> RunLock.acquire(new Configuration(), out));
    assertEquals(4, e.exitCode());
    assertTrue(e.getMessage().contains("a lock file naming no run"), e.getMessage());
    assertTrue(Files.exists(lock), "left in place");
    Files.writeString(lock, "not a lock of ours\n");
    Files.setLastModifiedTime(lock, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(25 * 3600)));
    RunLock.acquire(new Configuration(), out).close();
    assertFalse(Files.exists(lock), "taken over when 25 hours old, and released");
  }

  /**
   * A run killed on another host (a Kubernetes pod, a cluster driver: a new host name every night)
   * leaves a lock whose heartbeat stops: 10 minutes later the next run takes it over. A lock renewed a
   * minute ago is held, however old the run.
   */
  @Test
  void aLockWhoseHeartbeatStoppedIsTakenOverAndARenewedOneIsHeld(@TempDir Path dir) throws Exception {
    OutputLayout out = new OutputLayout(dir.toString());
    Files.writeString(dir.resolve("_lock"), "pid=1\nhost=bottomup-nightly-29384756-x7k2p\nstarted_at="
        + Instant.now().minusSeconds(2 * 3600) + "\n");
    Files.writeString(dir.resolve("_lock.heartbeat"), Instant.now().minusSeconds(20 * 60).toString());
    try (RunLock taken = RunLock.acquire(new Configuration(), out)) {
      assertTrue(Files.readString(dir.resolve("_lock")).contains("pid=" + ProcessHandle.current().pid()));
      assertTrue(Instant.parse(Files.readString(dir.resolve("_lock.heartbeat"))).isAfter(Instant.now().minusSeconds(60)),
          "the new holder beats at once");
    }
    assertFalse(Files.exists(dir.resolve("_lock.heartbeat")), "released with the lock");
    Files.writeString(dir.resolve("_lock"), "pid=1\nhost=elsewhere\nstarted_at=2020-01-01T00:00:00Z\n");
    Files.writeString(dir.resolve("_lock.heartbeat"), Instant.now().minusSeconds(60).toString());
    assertEquals(4, assertThrows(BottomupException.class, () -> RunLock.acquire(new Configuration(), out)).exitCode(),
        "a long run that renews its heartbeat holds the lock");
  }
}
