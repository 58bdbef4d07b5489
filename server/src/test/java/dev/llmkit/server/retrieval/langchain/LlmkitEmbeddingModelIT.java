package dev.llmkit.server.retrieval.langchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.llmkit.inference.embedding.EmbeddingPipeline;
import dev.llmkit.inference.minilm.AllMiniLmL6V2;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.ModelFamily;
import dev.llmkit.inference.nn.Parameters;
import dev.llmkit.tokenization.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The adapter on the real default model (all-MiniLM-L6-v2): batched, and equal to singles. */
class LlmkitEmbeddingModelIT {

  /** Counts forwards of the real encoder. */
  private record Counting(Encoder delegate, AtomicInteger forwards) implements Encoder {
    @Override
    public NDArray forward(NDArray ids, NDArray mask, NDArray types) {
      forwards.incrementAndGet();
      return delegate.forward(ids, mask, types);
    }

    @Override
    public int hiddenSize() {
      return delegate.hiddenSize();
    }

    @Override
    public int maxPositionEmbeddings() {
      return delegate.maxPositionEmbeddings();
    }

    @Override
    public int maxSequenceLength() {
      return delegate.maxSequenceLength();
    }

    @Override
    public boolean usesTokenTypes() {
      return delegate.usesTokenTypes();
    }

    @Override
    public ModelFamily family() {
      return delegate.family();
    }

    @Override
    public Parameters parameters() {
      return delegate.parameters();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  @Test
  void embedAllRunsOneForwardPerBatchAndEqualsSingleEmbeddings() {
    Path dir = AllMiniLmL6V2.directory();
    AtomicInteger forwards = new AtomicInteger();
    try (NDManager base = NDManager.newBaseManager();
        Tokenizer tokenizer = Tokenizer.fromDirectory(dir);
        Encoder encoder = EncoderModels.loadEncoder(dir, base);
        EmbeddingPipeline pipeline =
            EmbeddingPipeline.builder()
                .model(new Counting(encoder, forwards))
                .tokenizer(tokenizer)
                .manager(base)
                .batchSize(4)
                .build()) {
      LlmkitEmbeddingModel model =
          LlmkitEmbeddingModel.builder().pipeline(pipeline).dimension(384).build();
      List<TextSegment> segments = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        segments.add(TextSegment.from("sentence number " + i + " " + "word ".repeat(i)));
      }
      List<Embedding> batched = model.embedAll(segments).content();
      assertThat(forwards.get()).isEqualTo(3); // 10 texts in batches of 4: 4 + 4 + 2

      assertThat(batched).hasSize(10);
      for (int i = 0; i < 10; i++) {
        float[] single = model.embed(segments.get(i)).content().vector();
        float[] inBatch = batched.get(i).vector();
        assertThat(inBatch).hasSize(384);
        for (int d = 0; d < 384; d++) {
          assertThat(inBatch[d]).isCloseTo(single[d], within(1e-5f));
        }
      }
      assertThat(model.dimension()).isEqualTo(384);
      // normalized: unit length
      double norm = 0;
      for (float x : batched.get(0).vector()) {
        norm += x * x;
      }
      assertThat(norm).isCloseTo(1.0, within(1e-5));
    }
  }
}
