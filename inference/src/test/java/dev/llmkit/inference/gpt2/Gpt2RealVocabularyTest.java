package dev.llmkit.inference.gpt2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.inference.generation.FinishReason;
import dev.llmkit.inference.generation.GenerationOptions;
import dev.llmkit.inference.generation.GenerationResult;
import dev.llmkit.inference.generation.StreamedToken;
import dev.llmkit.inference.generation.TextCodec;
import dev.llmkit.inference.generation.TextGenerator;
import dev.llmkit.inference.generation.TokenStreamListener;
import dev.llmkit.tokenization.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A random GPT-2 with the real 50257-token vocabulary (n_embd 16, stored as F16) driven through
 * llmkit's gpt2 tokenizer, against {@code tiny-gpt2vocab-reference.json} from the torch script.
 */
class Gpt2RealVocabularyTest {

  private static final String PROMPT = "Hello, my dog is cute";

  private static NDManager base;
  private static Gpt2Model model;
  private static Tokenizer tokenizer;
  private static TextGenerator generator;
  private static JsonNode reference;

  @BeforeAll
  static void load() throws Exception {
    base = NDManager.newBaseManager();
    model = Gpt2Model.load(TinyGpt2.directory("tiny-gpt2vocab"), base);
    tokenizer = Tokenizer.embedded("gpt2");
    generator = TextGenerator.builder().model(model).codec(TextCodec.of(tokenizer)).build();
    reference =
        new ObjectMapper()
            .readTree(
                TinyGpt2.directory("tiny")
                    .getParent()
                    .resolve("tiny-gpt2vocab-reference.json")
                    .toFile());
  }

  @AfterAll
  static void close() {
    tokenizer.close();
    model.close();
    base.close();
  }

  @Test
  void thePromptEncodesToGpt2sPublishedIds() {
    assertThat(tokenizer.encode(PROMPT, false).ids()).containsExactly(ids("input_ids"));
  }

  @Test
  void theF16CheckpointGivesTheReferenceLogits() {
    long[] prompt = ids("input_ids");
    try (NDManager request = model.manager().newSubManager()) {
      NDArray logits = model.logits(request.create(prompt, new Shape(1, prompt.length)), null);
      float[] last = logits.get(":, -1, :").toFloatArray();
      JsonNode top = reference.get("last_logits_top5");
      for (int i = 0; i < 5; i++) {
        assertThat(last[top.get("ids").get(i).asInt()])
            .isCloseTo((float) top.get("values").get(i).asDouble(), within(1e-4f));
      }
    }
  }

  @Test
  void greedyGenerationFromTextReproducesTheReferenceIds() {
    List<StreamedToken> streamed = new ArrayList<>();
    GenerationResult r =
        generator
            .generate(
                PROMPT,
                GenerationOptions.builder().maxNewTokens(16).build(),
                token -> {
                  streamed.add(token);
                  return TokenStreamListener.Action.CONTINUE;
                })
            .get(0);
    long[] expected = ids("greedy_ids");
    assertThat(r.details().tokens().stream().mapToLong(Long::longValue).toArray())
        .containsExactly(expected);
    String continuation = tokenizer.decode(expected, true);
    assertThat(r.generatedText()).isEqualTo(PROMPT + continuation);
    assertThat(String.join("", streamed.stream().map(StreamedToken::text).toList()))
        .isEqualTo(continuation);
  }

  @Test
  void aStopStringAcrossTwoBpeTokensCutsTheText() {
    long[] expected = ids("greedy_ids");
    String first = tokenizer.decode(new long[] {expected[0]}, true);
    String second = tokenizer.decode(new long[] {expected[0], expected[1]}, true);
    // The last character of token 0 and the first of token 1: found only across the boundary.
    String stop = second.substring(first.length() - 1, first.length() + 1);
    GenerationResult r =
        generator
            .generate(
                PROMPT,
                GenerationOptions.builder()
                    .maxNewTokens(16)
                    .stop(stop)
                    .returnFullText(false)
                    .build())
            .get(0);
    assertThat(r.details().finishReason()).isEqualTo(FinishReason.STOP_SEQUENCE);
    assertThat(r.details().tokens()).containsExactly(expected[0], expected[1]);
    assertThat(r.generatedText()).isEqualTo(second.substring(0, second.indexOf(stop)));
  }

  private static long[] ids(String field) {
    JsonNode array = reference.get(field);
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asLong();
    }
    return out;
  }
}
