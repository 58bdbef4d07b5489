package dev.llmkit.server.pipeline;

import ai.djl.ndarray.NDManager;
import dev.llmkit.inference.embedding.EmbeddingPipeline;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.ner.NerPipeline;
import dev.llmkit.inference.qa.QaPipeline;
import dev.llmkit.tokenization.Tokenizer;
import java.nio.file.Path;

/**
 * The NER, QA and embedding pipelines of the tiny BERT test checkpoint ({@code /tiny}: window 64, a
 * vocabulary of 100 tokens), on one base manager that {@link #close()} frees.
 */
final class TinyPipelines implements AutoCloseable {

  final NDManager base;
  final Tokenizer tokenizer;
  final NerPipeline ner;
  final QaPipeline qa;
  final EmbeddingPipeline embed;

  TinyPipelines() {
    Path tiny;
    try {
      tiny = Path.of(TinyPipelines.class.getResource("/tiny").toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    Path checkpoint = tiny.resolve("tiny-bert-heads");
    base = NDManager.newBaseManager();
    tokenizer = Tokenizer.fromDirectory(tiny.resolve("tiny-wordpiece"));
    ner =
        NerPipeline.builder()
            .model(EncoderModels.loadTokenClassifier(checkpoint, base))
            .tokenizer(tokenizer)
            .manager(base)
            .build();
    qa =
        QaPipeline.builder()
            .model(EncoderModels.loadQuestionAnswerer(checkpoint, base))
            .tokenizer(tokenizer)
            .manager(base)
            .build();
    embed =
        EmbeddingPipeline.builder()
            .model(EncoderModels.loadEncoder(checkpoint, base))
            .tokenizer(tokenizer)
            .manager(base)
            .build();
  }

  /** {@code n} words cycling through a few one-token words, separated by single spaces. */
  static String words(int n) {
    String[] cycle = {"my", "name", "is", "wolfgang", "and", "i", "live", "in", "berlin"};
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : " ").append(cycle[i % cycle.length]);
    }
    return b.toString();
  }

  @Override
  public void close() {
    tokenizer.close();
    base.close();
  }
}
