package dev.llmkit.server.http;

import dev.llmkit.server.engine.BatchLimits;
import dev.llmkit.server.engine.BatchingQueue;
import dev.llmkit.server.service.EmbedParameters;
import dev.llmkit.server.service.EmbeddingService;
import dev.llmkit.server.service.Embeddings;
import dev.llmkit.server.service.FinishReason;
import dev.llmkit.server.service.GeneratedToken;
import dev.llmkit.server.service.Generation;
import dev.llmkit.server.service.GenerationParameters;
import dev.llmkit.server.service.GenerationService;
import dev.llmkit.server.service.ModelInfo;
import dev.llmkit.server.service.NerEntity;
import dev.llmkit.server.service.NerParameters;
import dev.llmkit.server.service.NerService;
import dev.llmkit.server.service.QaAnswer;
import dev.llmkit.server.service.QaParameters;
import dev.llmkit.server.service.QaService;
import dev.llmkit.server.service.TokenListener;
import dev.llmkit.server.service.TokenSpan;
import dev.llmkit.server.service.TokenizationService;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Small deterministic task services standing in for the real pipelines. */
final class Fakes {

  static final ModelInfo MODEL =
      new ModelInfo("test/fake-model", "abc123", "00ff", "float32", "cpu");

  private Fakes() {}

  /** A word of a text: code-point and UTF-16 bounds. */
  record Word(String text, int start, int end, int utf16Start, int utf16End) {}

  /** Splits on whitespace, with offsets in code points and in UTF-16 chars. */
  static List<Word> words(String text) {
    List<Word> words = new ArrayList<>();
    int cp = 0;
    int i = 0;
    int startCp = -1;
    int startChar = -1;
    while (i <= text.length()) {
      boolean end = i == text.length();
      int c = end ? ' ' : text.codePointAt(i);
      if (Character.isWhitespace(c)) {
        if (startCp >= 0) {
          words.add(new Word(text.substring(startChar, i), startCp, cp, startChar, i));
          startCp = -1;
        }
      } else if (startCp < 0) {
        startCp = cp;
        startChar = i;
      }
      if (end) {
        break;
      }
      i += Character.charCount(c);
      cp++;
    }
    return words;
  }

  /** Whitespace tokenizer over a 100-id vocabulary: 2 = [CLS], 3 = [SEP]. */
  static final class Tokenizer implements TokenizationService {
    @Override
    public ModelInfo model() {
      return MODEL;
    }

    @Override
    public List<TokenSpan> tokenize(String text, boolean addSpecialTokens) {
      List<TokenSpan> tokens = new ArrayList<>();
      if (addSpecialTokens) {
        tokens.add(new TokenSpan(2, "[CLS]", true, 0, 0, 0, 0));
      }
      for (Word w : words(text)) {
        tokens.add(
            new TokenSpan(
                4 + Math.floorMod(w.text().hashCode(), 96),
                w.text(),
                false,
                w.start(),
                w.end(),
                w.utf16Start(),
                w.utf16End()));
      }
      if (addSpecialTokens) {
        tokens.add(new TokenSpan(3, "[SEP]", true, 0, 0, 0, 0));
      }
      return tokens;
    }

    @Override
    public String decode(long[] ids, boolean skipSpecialTokens) {
      List<String> parts = new ArrayList<>();
      for (long id : ids) {
        boolean special = id < 4;
        if (!(special && skipSpecialTokens)) {
          parts.add(special ? "[S" + id + "]" : "w" + id);
        }
      }
      return String.join(" ", parts);
    }

    @Override
    public int vocabSize() {
      return 100;
    }
  }

  /** Every capitalised word is a PER entity with score 0.9. */
  static final class Ner implements NerService {
    @Override
    public ModelInfo model() {
      return MODEL;
    }

    @Override
    public CompletableFuture<List<List<NerEntity>>> recognize(
        List<String> texts, NerParameters parameters) {
      List<List<NerEntity>> result = new ArrayList<>();
      for (String text : texts) {
        List<NerEntity> entities = new ArrayList<>();
        List<Word> words = words(text);
        for (int i = 0; i < words.size(); i++) {
          Word w = words.get(i);
          if (!Character.isUpperCase(w.text().codePointAt(0))
              || parameters.ignoreLabels().contains("PER")) {
            continue;
          }
          boolean grouped =
              parameters.aggregationStrategy() != dev.llmkit.inference.ner.AggregationStrategy.NONE;
          entities.add(
              new NerEntity(
                  grouped ? "PER" : null,
                  grouped ? null : "B-PER",
                  0.9f,
                  grouped ? null : i + 1,
                  w.text(),
                  w.start(),
                  w.end(),
                  w.utf16Start(),
                  w.utf16End()));
        }
        result.add(entities);
      }
      return CompletableFuture.completedFuture(result);
    }
  }

  /** Answers the first {@code top_k} words of the context, scores 1/1, 1/2, ... */
  static final class Qa implements QaService {
    @Override
    public ModelInfo model() {
      return MODEL;
    }

    @Override
    public CompletableFuture<List<QaAnswer>> answer(
        String question, String context, QaParameters parameters) {
      List<Word> words = words(context);
      List<QaAnswer> answers = new ArrayList<>();
      for (int i = 0; i < Math.min(parameters.topK(), words.size()); i++) {
        Word w = words.get(i);
        answers.add(
            new QaAnswer(1f / (i + 1), w.start(), w.end(), w.text(), w.utf16Start(), w.utf16End()));
      }
      return CompletableFuture.completedFuture(answers);
    }
  }

  /**
   * Embeds a text as (chars, words, 1), normalised when asked, through a real {@link BatchingQueue}
   * whose model call waits for {@link #gate} when the text is "block".
   */
  static final class Embedder implements EmbeddingService {
    record Input(String text, boolean normalize) {}

    final CountDownLatch gate = new CountDownLatch(1);
    final CountDownLatch blocked = new CountDownLatch(1);
    final BatchingQueue<Input, float[]> queue;

    Embedder(BatchLimits limits, MeterRegistry registry) {
      this.queue =
          BatchingQueue.<Input, float[]>builder()
              .name("embed")
              .limits(limits)
              .tokenCounter(in -> in.text().length())
              .function(this::embedBatch)
              .meterRegistry(registry)
              .build();
    }

    private List<float[]> embedBatch(List<Input> inputs) throws InterruptedException {
      List<float[]> out = new ArrayList<>();
      for (Input in : inputs) {
        if (in.text().equals("block")) {
          blocked.countDown();
          gate.await();
        }
        float[] v = {in.text().length(), words(in.text()).size(), 1};
        if (in.normalize()) {
          double norm = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
          for (int i = 0; i < 3; i++) {
            v[i] = (float) (v[i] / norm);
          }
        }
        out.add(v);
      }
      return out;
    }

    @Override
    public ModelInfo model() {
      return MODEL;
    }

    @Override
    public CompletableFuture<Embeddings> embed(List<String> texts, EmbedParameters parameters) {
      int tokens = texts.stream().mapToInt(String::length).sum();
      CompletableFuture<List<float[]>> vectors =
          queue.submitAll(texts.stream().map(t -> new Input(t, parameters.normalize())).toList());
      CompletableFuture<Embeddings> result = vectors.thenApply(v -> new Embeddings(v, tokens));
      // A deadline or cancellation of the caller's future reaches the queue.
      result.whenComplete(
          (e, failure) -> {
            if (failure != null) {
              vectors.cancel(true);
            }
          });
      return result;
    }

    @Override
    public int dimensions() {
      return 3;
    }

    @Override
    public void close() {
      gate.countDown();
      queue.close();
    }
  }

  /**
   * Generates tokens "t0", "t1", ... one every {@code delayMs}, stopping at the next step once its
   * future is cancelled.
   */
  static final class Generator implements GenerationService {
    final AtomicInteger steps = new AtomicInteger();
    final CountDownLatch cancelled = new CountDownLatch(1);
    volatile long delayMs;
    volatile RuntimeException failure;
    volatile GenerationParameters.Defaults defaults = GenerationParameters.Defaults.NONE;
    volatile GenerationParameters lastParameters;

    Generator(long delayMs) {
      this.delayMs = delayMs;
    }

    @Override
    public ModelInfo model() {
      return MODEL;
    }

    @Override
    public GenerationParameters.Defaults defaults() {
      return defaults;
    }

    @Override
    public CompletableFuture<Generation> generate(
        String prompt, GenerationParameters parameters, TokenListener listener) {
      lastParameters = parameters;
      CompletableFuture<Generation> future = new CompletableFuture<>();
      Thread worker =
          new Thread(
              () -> {
                List<GeneratedToken> tokens = new ArrayList<>();
                List<List<GeneratedToken>> topTokens = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < parameters.maxNewTokens(); i++) {
                  if (future.isDone()) {
                    cancelled.countDown();
                    return;
                  }
                  if (failure != null) {
                    future.completeExceptionally(failure);
                    return;
                  }
                  try {
                    Thread.sleep(delayMs);
                  } catch (InterruptedException e) {
                    return;
                  }
                  steps.incrementAndGet();
                  GeneratedToken token = new GeneratedToken(10 + i, " t" + i, -0.5f, false);
                  tokens.add(token);
                  text.append(token.text());
                  if (parameters.topNTokens() > 0) {
                    // The pick first, then ids 100, 101, ... less and less likely.
                    List<GeneratedToken> top = new ArrayList<>();
                    top.add(token);
                    for (int j = 1; j < parameters.topNTokens(); j++) {
                      top.add(new GeneratedToken(99 + j, " u" + j, -0.5f - j, false));
                    }
                    topTokens.add(top);
                    listener.onToken(token, top);
                  } else {
                    listener.onToken(token);
                  }
                }
                future.complete(
                    new Generation(
                        text.toString(),
                        FinishReason.LENGTH,
                        tokens,
                        parameters.seed(),
                        topTokens));
              },
              "fake-generator");
      worker.setDaemon(true);
      worker.start();
      return future;
    }
  }
}
