package io.bottomup.privacy;

import io.bottomup.BottomupException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Keyed pseudonyms: HMAC-SHA256 of a personal identifier under a secret key, truncated to 128 bits
 * and hex-encoded. The same key gives the same pseudonym on every run, so marts join across nights;
 * without the key a pseudonym cannot be reversed or recomputed from a guessed id. Identifiers of
 * different kinds are separated by a domain prefix, so an email never collides with an id.
 */
public final class Pseudonymizer implements Serializable {
  public static final String KEY_ENV = "BOTTOMUP_PSEUDONYM_KEY";
  /** Used by {@code demo} only, and announced when used: never protect real data with it. */
  public static final String DEMO_KEY = "bottomup-demo-key-not-secret";

  public static final String PERSON = "person";
  public static final String EMAIL = "email";
  public static final String EXTERNAL = "external";

  private final byte[] key;
  private transient ThreadLocal<Mac> mac;

  public Pseudonymizer(String key) {
    if (key == null || key.isEmpty()) {
      throw BottomupException.refused(
          "no pseudonym key: set " + KEY_ENV + " to a secret (keep it stable across runs; `demo` uses a fixed demo key)");
    }
    this.key = key.getBytes(StandardCharsets.UTF_8);
  }

  /** The pseudonym of an identifier in a domain; {@code null} stays {@code null}. */
  public String pseudonym(String domain, String id) {
    if (id == null) {
      return null;
    }
    byte[] digest = mac().doFinal((domain + ":" + id).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest, 0, 16);
  }

  /** A column expression applying {@link #pseudonym} to a string column. */
  public Column column(String domain, Column id) {
    Pseudonymizer self = this;
    UserDefinedFunction udf = functions.udf((UDF1<String, String>) v -> self.pseudonym(domain, v), DataTypes.StringType);
    return udf.apply(id);
  }

  private synchronized ThreadLocal<Mac> macs() {
    if (mac == null) {
      mac = ThreadLocal.withInitial(this::newMac);
    }
    return mac;
  }

  private Mac mac() {
    return macs().get();
  }

  private Mac newMac() {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
