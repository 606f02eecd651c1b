package io.bottomup;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of bottomup, from the build (pom.xml), as the manifest and the reports show it. */
public final class Version {
  public static final String VERSION = load();

  private Version() {}

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("/bottomup-version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
