package io.bottomup.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bottomup.BottomupException;
import org.junit.jupiter.api.Test;

class PseudonymizerTest {
  @Test
  void isHmacSha256OfDomainAndIdTruncatedTo128Bits() {
    // Reference value: printf 'person:E1' | openssl dgst -sha256 -hmac k | cut -c1-32
    assertEquals("9c0e4f80b3ac845ac407b631aae5236c", new Pseudonymizer("k").pseudonym("person", "E1"));
  }

  @Test
  void dependsOnKeyAndDomain() {
    Pseudonymizer k = new Pseudonymizer("k");
    assertNotEquals(k.pseudonym("person", "E1"), new Pseudonymizer("other").pseudonym("person", "E1"));
    assertNotEquals(k.pseudonym("person", "E1"), k.pseudonym("email", "E1"));
    assertNull(k.pseudonym("person", null));
  }

  @Test
  void refusesAnEmptyKey() {
    assertEquals(BottomupException.EXIT_REFUSED, assertThrows(BottomupException.class, () -> new Pseudonymizer("")).exitCode());
  }
}
