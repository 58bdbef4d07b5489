package dev.llmkit.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.llmkit.inference.generation.GenerationResult;
import dev.llmkit.inference.generation.TextCodec;
import dev.llmkit.inference.generation.TextGenerator;
import dev.llmkit.inference.gpt2.Gpt2Model;
import dev.llmkit.server.config.InputLimit;
import dev.llmkit.server.config.TooLongPolicy;
import dev.llmkit.server.service.GeneratedToken;
import dev.llmkit.server.service.Generation;
import dev.llmkit.server.service.GenerationParameters;
import dev.llmkit.server.service.InputTooLongException;
import dev.llmkit.server.service.ModelInfo;
import dev.llmkit.tokenization.Tokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** The generation adapter on a tiny random GPT-2 (vocabulary 300, context 64). */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GenerationPipelineServiceTest {

  private static final ModelInfo MODEL =
      new ModelInfo("tiny-gpt2", "local", null, "float32", "cpu");

  /** A toy codec: one id per char (below the eos id 299), letters back out. */
  private static final TextCodec CODEC =
      TextCodec.of(
          text -> text.chars().mapToLong(c -> c % 299).toArray(),
          ids -> {
            StringBuilder s = new StringBuilder();
            for (long id : ids) {
              s.append((char) ('a' + id % 26));
            }
            return s.toString();
          });

  private NDManager base;
  private Gpt2Model model;
  private TextGenerator generator;

  @BeforeAll
  void load() throws Exception {
    base = NDManager.newBaseManager();
    model =
        Gpt2Model.load(
            Path.of(GenerationPipelineServiceTest.class.getResource("/tiny/tiny-gpt2").toURI()),
            base);
    generator = TextGenerator.builder().model(model).codec(CODEC).build();
  }

  @AfterAll
  void close() {
    model.close();
    base.close();
  }

  private static GenerationParameters greedy(int maxNewTokens) {
    return new GenerationParameters(
        maxNewTokens, false, 1f, 0, 1f, 1f, null, List.of(), false, true);
  }

  @Test
  void greedyGenerationMatchesTheGeneratorAndStreamsEveryToken() throws Exception {
    GenerationPipelineService service = new GenerationPipelineService(generator, MODEL, 299, 4);
    List<GeneratedToken> streamed = new CopyOnWriteArrayList<>();
    Generation g = service.generate("hello", greedy(8), streamed::add).get(30, TimeUnit.SECONDS);
    GenerationResult direct =
        generator.generate("hello", GenerationPipelineService.options(greedy(8))).get(0);
    assertThat(g.generatedText()).isEqualTo(direct.generatedText());
    assertThat(g.tokens())
        .extracting(GeneratedToken::id)
        .containsExactlyElementsOf(direct.details().tokens());
    assertThat(streamed).isEqualTo(g.tokens());
    assertThat(g.tokens().size()).isBetween(1, 8);
  }

  @Test
  void seededSamplingIsReproducible() throws Exception {
    GenerationPipelineService service = new GenerationPipelineService(generator, MODEL, 299, 4);
    GenerationParameters sampled =
        new GenerationParameters(10, true, 0.9f, 50, 0.95f, 1.1f, 42L, List.of(), false, true);
    Generation first = service.generate("abc", sampled, t -> {}).get(30, TimeUnit.SECONDS);
    Generation second = service.generate("abc", sampled, t -> {}).get(30, TimeUnit.SECONDS);
    assertThat(first.tokens()).isEqualTo(second.tokens());
    assertThat(first.seed()).isEqualTo(42L);
  }

  @Test
  void cancellingTheFutureStopsGenerationAtTheNextToken() throws Exception {
    GenerationPipelineService service = new GenerationPipelineService(generator, MODEL, 299, 4);
    AtomicReference<CompletableFuture<Generation>> handle = new AtomicReference<>();
    List<GeneratedToken> streamed = new CopyOnWriteArrayList<>();
    CompletableFuture<Generation> started = new CompletableFuture<>();
    handle.set(
        service.generate(
            "a",
            new GenerationParameters(60, true, 1f, 0, 1f, 1f, 7L, List.of(), false, true),
            token -> {
              streamed.add(token);
              if (streamed.size() == 2) {
                started.complete(null);
                while (handle.get() == null) {
                  Thread.onSpinWait();
                }
                handle.get().cancel(true);
              }
            }));
    started.get(30, TimeUnit.SECONDS);
    // The next generation runs only after the cancelled one has stopped.
    service.generate("b", greedy(1), t -> {}).get(30, TimeUnit.SECONDS);
    assertThat(streamed.size()).isBetween(2, 3);
  }

  @Test
  void promptsOverTheLimitAreRefusedOrKeepTheirLastTokens() throws Exception {
    // GPT-2's real tokenizer: "a" is id 64 and " a" id 257, both inside the tiny model's 300 ids.
    try (Tokenizer gpt2 = Tokenizer.embedded("gpt2")) {
      TextGenerator bpe = TextGenerator.builder().model(model).codec(TextCodec.of(gpt2)).build();
      String prompt = "a" + " a".repeat(29); // 30 tokens
      String lastTen = " a".repeat(10);
      GenerationPipelineService error =
          new GenerationPipelineService(bpe, MODEL, 299, 4, limiter(gpt2, TooLongPolicy.ERROR));
      assertThatThrownBy(() -> error.generate(prompt, greedy(5), t -> {}).get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(InputTooLongException.class)
          .hasMessageContaining("the prompt has 30 tokens, more than the limit of 10 for generate");
      GenerationPipelineService truncate =
          new GenerationPipelineService(bpe, MODEL, 299, 4, limiter(gpt2, TooLongPolicy.TRUNCATE));
      Generation cut = truncate.generate(prompt, greedy(5), t -> {}).get(30, TimeUnit.SECONDS);
      Generation alone = truncate.generate(lastTen, greedy(5), t -> {}).get(30, TimeUnit.SECONDS);
      assertThat(cut.tokens()).isEqualTo(alone.tokens());
      // A prompt within the limit passes the error policy unchanged.
      assertThat(error.generate(lastTen, greedy(5), t -> {}).get(30, TimeUnit.SECONDS).tokens())
          .isEqualTo(alone.tokens());
    }
  }

  private static InputLimiter limiter(Tokenizer tokenizer, TooLongPolicy policy) {
    return new InputLimiter("generate", tokenizer, new InputLimit(10, policy), 64);
  }
}
