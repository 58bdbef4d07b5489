package dev.llmkit.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.inference.ner.AggregationStrategy;
import dev.llmkit.inference.ner.NerOptions;
import dev.llmkit.inference.qa.QaOptions;
import dev.llmkit.server.config.InputLimit;
import dev.llmkit.server.config.TooLongPolicy;
import dev.llmkit.server.engine.BatchLimits;
import dev.llmkit.server.engine.BatchingQueue;
import dev.llmkit.server.service.EmbedParameters;
import dev.llmkit.server.service.InputTooLongException;
import dev.llmkit.server.service.ModelInfo;
import dev.llmkit.server.service.NerParameters;
import dev.llmkit.server.service.QaParameters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The measured case of a long request holding a route, on the tiny BERT (window 64) so that it is
 * quick on a loaded machine: while a huge {@code chunk} request runs, or after its deadline passed,
 * a one-sentence request to the same model answers within 2 s, and the huge request's windows stop
 * running once its deadline passed. Each huge request is thousands of windows.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LongRequestsTest {

  private static final ModelInfo MODEL =
      new ModelInfo("tiny-bert-heads", "local", null, "float32", "cpu");

  /** Four 64-token windows per batch: a huge request is hundreds of batches. */
  private static final BatchLimits BATCH = new BatchLimits(256, 32, Duration.ZERO, 1000);

  private static final InputLimit CHUNK = new InputLimit(64, TooLongPolicy.CHUNK, 10_000_000);
  private static final NerParameters NER =
      new NerParameters(AggregationStrategy.SIMPLE, List.of(), 0);
  private static final QaParameters QA = new QaParameters(1, 16, 15, 64, 16, false);
  private static final EmbedParameters EMBED = new EmbedParameters(true, false);
  private static final String SENTENCE = "my name is wolfgang and i live in berlin";
  private static final int HUGE_WORDS = 150_000;

  private final TinyPipelines tiny = new TinyPipelines();

  @AfterAll
  void close() {
    tiny.close();
  }

  private NerPipelineService nerService(InputLimit limit) {
    return new NerPipelineService(
        tiny.ner, tiny.tokenizer, MODEL, BATCH, limit, new SimpleMeterRegistry());
  }

  private QaPipelineService qaService(InputLimit limit) {
    return new QaPipelineService(
        tiny.qa, tiny.tokenizer, MODEL, BATCH, limit, new SimpleMeterRegistry());
  }

  private EmbeddingPipelineService embedService(InputLimit limit) {
    return new EmbeddingPipelineService(
        tiny.embed, tiny.tokenizer, 32, MODEL, BATCH, limit, new SimpleMeterRegistry());
  }

  /** Waits, without a fixed sleep, until the queue has run at least one batch. */
  private static void awaitRunning(BatchingQueue<?, ?> queue, CompletableFuture<?> huge) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (queue.stats().batches() == 0 && !huge.isDone() && System.nanoTime() < until) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    assertThat(huge).as("the huge request is still running").isNotDone();
  }

  /** Sends the one-sentence request and returns its latency in milliseconds. */
  private static long shortLatencyMs(Supplier<CompletableFuture<?>> request) throws Exception {
    long start = System.nanoTime();
    request.get().get(2, TimeUnit.SECONDS);
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  /**
   * While {@code huge} runs, a short request answers within 2 s and before the huge one; then the
   * huge one's deadline passes, it stops, and short requests still answer at once.
   */
  private void reproduce(
      BatchingQueue<?, ?> queue,
      CompletableFuture<?> huge,
      Supplier<CompletableFuture<?>> oneSentence)
      throws Exception {
    awaitRunning(queue, huge);
    assertThat(shortLatencyMs(oneSentence)).isLessThan(2_000);
    assertThat(huge).as("the short request did not wait for the huge one").isNotDone();

    // The route's deadline: Calls.withDeadline completes the service's future with a timeout.
    huge.completeExceptionally(new TimeoutException("deadline"));
    assertThat(shortLatencyMs(oneSentence)).isLessThan(2_000);
    // Nothing of the huge request runs any more: between two short requests only one runs.
    long before = queue.stats().requests();
    assertThat(shortLatencyMs(oneSentence)).isLessThan(2_000);
    assertThat(queue.stats().requests() - before).isEqualTo(1);
  }

  @Test
  void aOneSentenceNerRequestAnswersWithinTwoSecondsWhileAndAfterAHugeOneRuns() throws Exception {
    try (NerPipelineService service = nerService(CHUNK)) {
      CompletableFuture<?> huge = service.recognize(List.of(TinyPipelines.words(HUGE_WORDS)), NER);
      reproduce(service.queue(), huge, () -> service.recognize(List.of(SENTENCE), NER));
    }
  }

  @Test
  void aOneSentenceQaRequestAnswersWithinTwoSecondsWhileAndAfterAHugeContextRuns()
      throws Exception {
    try (QaPipelineService service = qaService(CHUNK)) {
      CompletableFuture<?> huge =
          service.answer("who lives in berlin", TinyPipelines.words(HUGE_WORDS), QA);
      reproduce(service.queue(), huge, () -> service.answer("who lives in berlin", SENTENCE, QA));
    }
  }

  @Test
  void aOneSentenceEmbedRequestAnswersWithinTwoSecondsWhileAndAfterAHugeOneRuns() throws Exception {
    try (EmbeddingPipelineService service = embedService(CHUNK)) {
      CompletableFuture<?> huge = service.embed(List.of(TinyPipelines.words(HUGE_WORDS)), EMBED);
      reproduce(service.queue(), huge, () -> service.embed(List.of(SENTENCE), EMBED));
    }
  }

  @Test
  void chunkedRequestsBeyondMaxRequestTokensAreRefusedWith413() {
    InputLimit capped = new InputLimit(64, TooLongPolicy.CHUNK, 500);
    String text = TinyPipelines.words(600);
    try (NerPipelineService n = nerService(capped);
        QaPipelineService q = qaService(capped);
        EmbeddingPipelineService e = embedService(capped)) {
      assertThatThrownBy(() -> n.recognize(List.of(text), NER))
          .isInstanceOf(InputTooLongException.class)
          .hasMessageContaining("more than the limit of 500 for ner (max_request_tokens)");
      assertThatThrownBy(() -> q.answer("who lives in berlin", text, QA))
          .isInstanceOf(InputTooLongException.class)
          .hasMessageContaining("more than the limit of 500 for qa (max_request_tokens)");
      assertThatThrownBy(() -> e.embed(List.of(text), EMBED).get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(InputTooLongException.class)
          .hasMessageContaining("more than the limit of 500 for embed (max_request_tokens)");
    }
  }

  @Test
  void windowsRunThroughTheQueueAnswerExactlyAsThePipelineDoes() throws Exception {
    String text = TinyPipelines.words(300);
    try (NerPipelineService n = nerService(CHUNK);
        QaPipelineService q = qaService(CHUNK)) {
      var expectedEntities =
          tiny
              .ner
              .run(
                  text,
                  NerOptions.builder()
                      .aggregationStrategy(dev.llmkit.inference.ner.AggregationStrategy.SIMPLE)
                      .ignoreLabels(List.of())
                      .stride(16)
                      .build())
              .stream()
              .map(NerPipelineService::entity)
              .toList();
      assertThat(n.recognize(List.of(text), NER).get(60, TimeUnit.SECONDS))
          .containsExactly(expectedEntities);
      var expectedAnswers =
          tiny
              .qa
              .run(
                  "who lives in berlin",
                  text,
                  QaOptions.builder()
                      .topK(1)
                      .docStride(16)
                      .maxAnswerLen(15)
                      .maxSeqLen(64)
                      .maxQuestionLen(16)
                      .build())
              .stream()
              .map(QaPipelineService::answer)
              .toList();
      assertThat(q.answer("who lives in berlin", text, QA).get(60, TimeUnit.SECONDS))
          .isEqualTo(expectedAnswers);
    }
  }
}
