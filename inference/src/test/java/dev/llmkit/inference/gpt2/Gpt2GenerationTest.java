package dev.llmkit.inference.gpt2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.generation.CausalLanguageModel;
import dev.llmkit.inference.generation.FinishReason;
import dev.llmkit.inference.generation.GenerationOptions;
import dev.llmkit.inference.generation.GenerationResult;
import dev.llmkit.inference.generation.KvCache;
import dev.llmkit.inference.generation.StreamedToken;
import dev.llmkit.inference.generation.TextGenerator;
import dev.llmkit.inference.generation.TokenStreamListener;
import dev.llmkit.inference.generation.TopToken;
import dev.llmkit.inference.model.ModelInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Decoding on the tiny reference GPT-2 with its byte-level codec. */
class Gpt2GenerationTest {

  private static NDManager base;
  private static Gpt2Model model;
  private static TextGenerator generator;

  @BeforeAll
  static void load() throws Exception {
    base = NDManager.newBaseManager();
    // Compared with torch's float32 logprobs to 1e-4: float16 decoding (1e-3) has its own tests.
    model = Gpt2Model.load(TinyGpt2.directory("tiny"), base).float16Decoding(false);
    generator = TextGenerator.builder().model(model).codec(TinyGpt2.BYTES).build();
  }

  @AfterAll
  static void close() {
    model.close();
    base.close();
  }

  private static GenerationOptions.Builder greedy(int maxNewTokens) {
    return GenerationOptions.builder().maxNewTokens(maxNewTokens);
  }

  @Test
  void greedyGenerationReproducesTheTorchReferenceIds() {
    for (TinyGpt2.Case c : TinyGpt2.reference()) {
      GenerationResult r = generator.generate(c.prompt(), greedy(20).build()).get(0);
      assertThat(ids(r)).containsExactly(c.greedyIds());
      assertThat(r.details().finishReason()).isEqualTo(FinishReason.LENGTH);
      assertThat(r.generatedText()).isEqualTo(c.prompt() + TinyGpt2.BYTES.decode(c.greedyIds()));
    }
  }

  @Test
  void repetitionPenaltyReproducesTheTorchReferenceIds() {
    for (TinyGpt2.Case c : TinyGpt2.reference()) {
      GenerationOptions options = greedy(20).repetitionPenalty(1.5).eosTokenId(9999L).build();
      GenerationResult r = generator.generate(c.prompt(), options).get(0);
      assertThat(ids(r)).containsExactly(c.penalizedIds());
    }
  }

  @Test
  void greedyWithTheCacheEqualsGreedyRecomputingTheWholeSequence() {
    TinyGpt2.Case c = TinyGpt2.reference().get(1);
    long[] seq = c.inputIds();
    List<Long> uncached = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      float[][] logits = Gpt2ModelTest.logits(model, seq);
      long next = argmax(logits[logits.length - 1]);
      uncached.add(next);
      seq = LongStream.concat(Arrays.stream(seq), LongStream.of(next)).toArray();
    }
    GenerationResult r =
        generator.generate(c.prompt(), greedy(30).eosTokenId(9999L).build()).get(0);
    assertThat(r.details().tokens()).isEqualTo(uncached);
  }

  @Test
  void afterThePromptEachStepFeedsOnlyTheNewToken() {
    List<Shape> shapes = new ArrayList<>();
    CausalLanguageModel recording = new RecordingModel(model, shapes);
    TextGenerator g = TextGenerator.builder().model(recording).codec(TinyGpt2.BYTES).build();
    g.generate("The quick brown fox", greedy(10).numReturnSequences(1).build());
    assertThat(shapes).hasSize(10);
    assertThat(shapes.get(0)).isEqualTo(new Shape(1, 19));
    assertThat(shapes.subList(1, 10)).allMatch(s -> s.equals(new Shape(1, 1)));
  }

  @Test
  void theSameSeedGivesTheSameTextAndAnotherSeedAnother() {
    GenerationOptions options =
        GenerationOptions.builder().doSample(true).maxNewTokens(20).topK(0).seed(42L).build();
    GenerationResult first = generator.generate("Hello", options).get(0);
    GenerationResult again = generator.generate("Hello", options).get(0);
    GenerationResult other =
        generator.generate("Hello", options.toBuilder().seed(7L).build()).get(0);
    assertThat(again).isEqualTo(first);
    assertThat(other.details().tokens()).isNotEqualTo(first.details().tokens());
  }

  @Test
  void samplingWithTopKOneIsGreedy() {
    TinyGpt2.Case c = TinyGpt2.reference().get(0);
    GenerationOptions options =
        GenerationOptions.builder()
            .doSample(true)
            .topK(1)
            .temperature(0.7)
            .seed(3L)
            .maxNewTokens(20)
            .build();
    assertThat(ids(generator.generate(c.prompt(), options).get(0))).containsExactly(c.greedyIds());
  }

  @Test
  void numReturnSequencesGivesIndependentSamples() {
    GenerationOptions options =
        GenerationOptions.builder()
            .doSample(true)
            .seed(11L)
            .numReturnSequences(3)
            .maxNewTokens(8)
            .returnFullText(false)
            .build();
    List<GenerationResult> results = generator.generate("Hi", options);
    assertThat(results).hasSize(3);
    assertThat(results).allSatisfy(r -> assertThat(r.details().tokens()).hasSize(8));
    assertThat(results.stream().map(r -> r.details().tokens()).distinct()).hasSizeGreaterThan(1);
  }

  @Test
  void aStopSequenceSpanningTokensCutsTheTextBeforeIt() {
    // Reference greedy ids after "The quick brown fox": x x x ~ i i " } } ? ... (one byte each).
    GenerationOptions options = greedy(20).stop("i\"}").returnFullText(false).build();
    GenerationResult r = generator.generate("The quick brown fox", options).get(0);
    assertThat(r.details().finishReason()).isEqualTo(FinishReason.STOP_SEQUENCE);
    assertThat(r.generatedText()).isEqualTo("xxx~i");
    assertThat(r.details().tokens()).containsExactly(120L, 120L, 120L, 126L, 105L, 105L, 34L, 125L);
  }

  @Test
  void theEosTokenEndsGenerationAndIsNotDecoded() {
    TinyGpt2.Case c = TinyGpt2.reference().get(1);
    long eos = c.greedyIds()[3]; // '~' (126): pretend it is the end-of-sequence token
    GenerationOptions options = greedy(20).eosTokenId(eos).returnFullText(false).build();
    GenerationResult r = generator.generate(c.prompt(), options).get(0);
    assertThat(r.details().finishReason()).isEqualTo(FinishReason.EOS_TOKEN);
    assertThat(r.details().tokens()).containsExactly(120L, 120L, 120L, 126L);
    assertThat(r.generatedText()).isEqualTo("xxx");
  }

  @Test
  void streamingDeliversEveryTokenAndCanCancel() {
    TinyGpt2.Case c = TinyGpt2.reference().get(1);
    List<StreamedToken> streamed = new ArrayList<>();
    GenerationResult r =
        generator
            .generate(
                c.prompt(),
                greedy(20).returnFullText(false).build(),
                token -> {
                  streamed.add(token);
                  return streamed.size() == 5
                      ? TokenStreamListener.Action.CANCEL
                      : TokenStreamListener.Action.CONTINUE;
                })
            .get(0);
    assertThat(r.details().finishReason()).isEqualTo(FinishReason.CANCELLED);
    assertThat(streamed)
        .extracting(StreamedToken::tokenId)
        .containsExactly(120L, 120L, 120L, 126L, 105L);
    assertThat(streamed).extracting(StreamedToken::index).containsExactly(0, 1, 2, 3, 4);
    assertThat(String.join("", streamed.stream().map(StreamedToken::text).toList()))
        .isEqualTo(r.generatedText())
        .isEqualTo("xxx~i");
    assertThat(streamed)
        .extracting(StreamedToken::logprob)
        .containsExactlyElementsOf(r.details().logprobs());
    assertThat(r.details().logprobs()).allMatch(lp -> lp < 0);
  }

  @Test
  void topNTokensAreTheMostLikelyTokensOfTheTorchLogitsWithTheGreedyPickFirst() {
    TinyGpt2.Case c = TinyGpt2.reference().get(1);
    List<StreamedToken> streamed = new ArrayList<>();
    generator.generate(
        c.prompt(),
        greedy(2).topNTokens(5).build(),
        token -> {
          streamed.add(token);
          return TokenStreamListener.Action.CONTINUE;
        });
    // The first step's distribution is the torch reference's last prompt row.
    float[] row = c.logits()[c.logits().length - 1];
    double max = Double.NEGATIVE_INFINITY;
    for (float v : row) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (float v : row) {
      sum += Math.exp(v - max);
    }
    double logZ = max + Math.log(sum);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < row.length; i++) {
      order.add(i);
    }
    order.sort((a, b) -> row[a] != row[b] ? Float.compare(row[b], row[a]) : Integer.compare(a, b));

    List<TopToken> top = streamed.get(0).topTokens();
    assertThat(top).hasSize(5);
    for (int j = 0; j < 5; j++) {
      assertThat(top.get(j).tokenId()).isEqualTo(order.get(j).longValue());
      assertThat(top.get(j).logprob()).isCloseTo(row[order.get(j)] - logZ, within(1e-4));
    }
    assertThat(top.get(0).tokenId()).isEqualTo(streamed.get(0).tokenId());
    assertThat(top.get(0).logprob()).isCloseTo(streamed.get(0).logprob(), within(1e-9));
    assertThat(top.get(0).text())
        .isEqualTo(TinyGpt2.BYTES.decode(new long[] {top.get(0).tokenId()}));
    assertThat(streamed.get(1).topTokens()).hasSize(5);
  }

  @Test
  void withoutTopNTokensNoAlternativesAreComputed() {
    List<StreamedToken> streamed = new ArrayList<>();
    generator.generate(
        "ab",
        greedy(2).build(),
        token -> {
          streamed.add(token);
          return TokenStreamListener.Action.CONTINUE;
        });
    assertThat(streamed).allMatch(t -> t.topTokens().isEmpty());
  }

  @Test
  void generationStopsAtTheContextLength() {
    String prompt = "x".repeat(60); // 60 of 64 positions
    GenerationResult r = generator.generate(prompt, greedy(20).build()).get(0);
    assertThat(r.details().tokens()).hasSize(4);
    assertThat(r.details().finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThatThrownBy(() -> generator.generate("x".repeat(64), greedy(1).build()))
        .isInstanceOf(ModelInputException.class)
        .hasMessageContaining("prompt has 64 tokens");
  }

  @Test
  void anEmptyPromptStartsFromTheBosToken() {
    GenerationResult r = generator.generate("", greedy(3).build()).get(0);
    assertThat(r.details().tokens()).hasSize(3);
  }

  @Test
  void manyGenerationsLeaveTheModelsArrayCountFlat() {
    int before = model.manager().getManagedArrays().size();
    GenerationOptions options =
        GenerationOptions.builder().doSample(true).seed(1L).maxNewTokens(6).build();
    for (int i = 0; i < 30; i++) {
      generator.generate("Hello", options);
    }
    assertThat(model.manager().getManagedArrays()).hasSize(before);
  }

  private static long[] ids(GenerationResult r) {
    return r.details().tokens().stream().mapToLong(Long::longValue).toArray();
  }

  private static long argmax(float[] row) {
    int best = 0;
    for (int i = 1; i < row.length; i++) {
      if (row[i] > row[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Delegates to the real model and records the shape of every input. */
  private record RecordingModel(Gpt2Model model, List<Shape> shapes)
      implements CausalLanguageModel {
    @Override
    public NDManager manager() {
      return model.manager();
    }

    @Override
    public int vocabSize() {
      return model.vocabSize();
    }

    @Override
    public int contextLength() {
      return model.contextLength();
    }

    @Override
    public OptionalLong eosTokenId() {
      return model.eosTokenId();
    }

    @Override
    public OptionalLong bosTokenId() {
      return model.bosTokenId();
    }

    @Override
    public KvCache newCache(NDManager manager, int batchSize, int capacity) {
      return model.newCache(manager, batchSize, capacity);
    }

    @Override
    public NDArray nextTokenLogits(NDArray inputIds, KvCache cache) {
      shapes.add(inputIds.getShape());
      return model.nextTokenLogits(inputIds, cache);
    }
  }
}
