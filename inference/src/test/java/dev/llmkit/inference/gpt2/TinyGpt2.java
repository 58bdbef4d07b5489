package dev.llmkit.inference.gpt2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.inference.generation.TextCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tiny random GPT-2 written by {@code src/test/python/gpt2_reference.py} (vocab 300, n_embd 32,
 * 2 layers, 4 heads, 64 positions) and its torch reference outputs. Its "tokenizer" is byte-level:
 * id = UTF-8 byte, ids 256..299 are specials that decode to nothing.
 */
final class TinyGpt2 {

  static final int EOS = 299;

  /** Byte-level codec matching the reference script. */
  static final TextCodec BYTES =
      TextCodec.of(
          text -> {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            long[] ids = new long[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
              ids[i] = bytes[i] & 0xFF;
            }
            return ids;
          },
          ids -> {
            ByteBuffer buffer = ByteBuffer.allocate(ids.length);
            for (long id : ids) {
              if (id < 256) {
                buffer.put((byte) id);
              }
            }
            buffer.flip();
            try {
              return StandardCharsets.UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPLACE)
                  .onUnmappableCharacter(CodingErrorAction.REPLACE)
                  .decode(buffer)
                  .toString();
            } catch (java.nio.charset.CharacterCodingException e) {
              throw new IllegalStateException(e);
            }
          });

  private TinyGpt2() {}

  static Path directory(String name) {
    try {
      return Path.of(TinyGpt2.class.getResource("/gpt2/" + name + "/config.json").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * One reference case: a prompt, its torch logits (T, V), 20 greedy ids, and 20 greedy ids with
   * repetition_penalty 1.5.
   */
  record Case(
      String prompt, long[] inputIds, float[][] logits, long[] greedyIds, long[] penalizedIds) {}

  static List<Case> reference() {
    try {
      JsonNode root =
          new ObjectMapper()
              .readTree(
                  Files.readString(directory("tiny").getParent().resolve("tiny-reference.json")));
      List<Case> cases = new ArrayList<>();
      for (JsonNode c : root.get("cases")) {
        long[] ids = longs(c.get("input_ids"));
        JsonNode rows = c.get("logits");
        float[][] logits = new float[rows.size()][];
        for (int t = 0; t < rows.size(); t++) {
          logits[t] = new float[rows.get(t).size()];
          for (int v = 0; v < logits[t].length; v++) {
            logits[t][v] = (float) rows.get(t).get(v).asDouble();
          }
        }
        cases.add(
            new Case(
                c.get("prompt").asText(),
                ids,
                logits,
                longs(c.get("greedy_ids")),
                longs(c.get("greedy_ids_repetition_penalty_1_5"))));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long[] longs(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asLong();
    }
    return out;
  }
}
