package dev.llmkit.inference.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corrupt, truncated and malicious files must only ever produce a {@link SafetensorsException}. */
class SafetensorsHostileInputTest {

  @TempDir Path tmp;

  private Path file(String header, int dataBytes) throws IOException {
    return file(header.getBytes(StandardCharsets.UTF_8), new byte[dataBytes]);
  }

  private Path file(byte[] header, byte[] data) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length);
    b.order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).put(header).put(data);
    return Files.write(Files.createTempFile(tmp, "t", ".safetensors"), b.array());
  }

  private static void assertRejected(Path file, String... messageParts) {
    var assertion =
        assertThatThrownBy(() -> SafetensorsFile.open(file).close())
            .isInstanceOf(SafetensorsException.class)
            .hasMessageContaining(file.getFileName().toString());
    for (String part : messageParts) {
      assertion.hasMessageContaining(part);
    }
  }

  @Test
  void tooShortForAHeaderLength() throws IOException {
    assertRejected(Files.write(tmp.resolve("short.safetensors"), new byte[5]), "truncated");
  }

  @Test
  void headerLengthBeyondTheLimitIsRefusedBeforeAllocating() throws IOException {
    byte[] raw = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).array();
    Path huge = Files.write(tmp.resolve("huge.safetensors"), raw);
    assertRejected(huge, "18446744073709551615", "exceeds the limit");
    Path small = file("{}", 0);
    assertThatThrownBy(() -> SafetensorsFile.open(small, 1))
        .isInstanceOf(SafetensorsException.class)
        .hasMessageContaining("exceeds the limit of 1 bytes");
  }

  @Test
  void headerLengthBeyondTheFileIsTruncation() throws IOException {
    byte[] raw =
        ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).putInt(0).array();
    assertRejected(Files.write(tmp.resolve("trunc.safetensors"), raw), "truncated");
  }

  @Test
  void headerMustBeAJsonObject() throws IOException {
    assertRejected(file("[1,2,3]", 0), "not a JSON object");
    assertRejected(file("{\"a\": ", 0), "not valid JSON");
    assertRejected(file("{} {}", 0), "not valid JSON");
    assertRejected(file(new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'}, new byte[0]));
  }

  @Test
  void duplicateNamesAreRefused() throws IOException {
    String e = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
    assertRejected(file("{\"w\":" + e + ",\"w\":" + e + "}", 4), "Duplicate field 'w'");
  }

  @Test
  void entriesAreValidatedAndNamed() throws IOException {
    assertRejected(
        file("{\"w\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
        "'w'",
        "unknown dtype 'Q4'");
    assertRejected(
        file("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4),
        "non-negative");
    assertRejected(
        file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4),
        "non-negative integers");
    assertRejected(
        file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4),
        "must have 2 entries");
    assertRejected(
        file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", 4),
        "end before begin");
    assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4), "'data_offsets'");
    assertRejected(file("{\"w\":[1,2]}", 4), "'w'", "not a JSON object");
    assertRejected(
        file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", 4),
        "unexpected field 'x'");
    assertRejected(
        file("{\"__metadata__\":{\"k\":1}}", 0), "__metadata__ value for 'k' is not a string");
  }

  @Test
  void dataLengthMustMatchDtypeAndShape() throws IOException {
    assertRejected(
        file("{\"w\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,4]}}", 4),
        "'w'",
        "span 4 bytes but F16[3] needs 6");
    assertRejected(
        file(
            "{\"w\":{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296],"
                + "\"data_offsets\":[0,0]}}",
            0),
        "overflows");
  }

  @Test
  void rangesMustTileTheDataExactly() throws IOException {
    String a = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
    assertRejected(
        file("{" + a + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8),
        "'b'",
        "overlaps tensor 'a'");
    assertRejected(
        file("{" + a + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", 16),
        "hole in data section");
    assertRejected(file("{" + a + "}", 12), "4 trailing bytes");
    assertRejected(file("{" + a + "}", 6), "'a'", "file truncated", "need 8", "holds 6");
    // a huge offset that points far beyond the file
    assertRejected(
        file(
            "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":"
                + "[9223372036854775806,9223372036854775807]}}",
            0),
        "hole in data section");
  }

  @Test
  void validFileStillOpensAfterTheseChecks() throws IOException {
    Path ok =
        file(
            "{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
            8);
    try (SafetensorsFile st = SafetensorsFile.open(ok)) {
      assertThat(st.readFloats("a")).containsExactly(0f);
      assertThat(st.readFloats("b")).containsExactly(0f);
    }
  }

  /**
   * Seeded fuzzing: every truncation of a valid file, and random bit flips and byte overwrites,
   * either open and read cleanly or fail with {@link SafetensorsException} — never another
   * exception, never a JVM crash.
   */
  @Test
  void truncationsAndBitFlipsOnlyEverThrowSafetensorsException() throws IOException {
    byte[] valid = Files.readAllBytes(SafetensorsFileTest.resource("dtypes.safetensors"));
    Random random = new Random(20261130L);
    int rejected = 0;
    int accepted = 0;
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int cut = 0; cut < valid.length; cut++) {
        assertThat(tryEverything(Arrays.copyOf(valid, cut), manager))
            .as("cut at %d", cut)
            .isFalse();
      }
      for (int i = 0; i < 1500; i++) {
        byte[] mutated = valid.clone();
        int flips = 1 + random.nextInt(4);
        for (int f = 0; f < flips; f++) {
          int pos =
              random.nextInt(random.nextBoolean() ? Math.min(valid.length, 40) : valid.length);
          if (random.nextBoolean()) {
            mutated[pos] ^= (byte) (1 << random.nextInt(8));
          } else {
            mutated[pos] = (byte) random.nextInt(256);
          }
        }
        if (tryEverything(mutated, manager)) {
          accepted++;
        } else {
          rejected++;
        }
      }
    }
    // both outcomes must occur, or the fuzzing is not reaching the interesting paths
    assertThat(rejected).isGreaterThan(100);
    assertThat(accepted).isGreaterThan(30);
  }

  /**
   * @return true if the file opened and every tensor read; false if it was rejected cleanly
   */
  private boolean tryEverything(byte[] bytes, NDManager manager) throws IOException {
    Path f = tmp.resolve("fuzz.safetensors");
    Files.write(f, bytes);
    try (SafetensorsFile st = SafetensorsFile.open(f);
        NDManager m = manager.newSubManager()) {
      for (String name : st.names()) {
        st.read(name, m);
        if (st.require(name).dtype().isFloatingPoint()) {
          st.readFloats(name);
        } else {
          st.readLongs(name);
        }
      }
      return true;
    } catch (SafetensorsException expected) {
      return false;
    } catch (RuntimeException | Error e) {
      fail("unexpected " + e + " for input " + Arrays.toString(bytes), e);
      return false;
    }
  }
}
