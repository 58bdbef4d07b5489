package dev.llmkit.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One loaded model serves several threads at once, each request in its own child manager. */
class ConcurrencyTest {

  @Test
  void concurrentRequestsGiveTheSameLogitsAsSequentialOnes() throws Exception {
    Reference.Case c = Reference.load("bert").cases().get(0);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (NDManager base = NDManager.newBaseManager();
        TokenClassifier model =
            EncoderModels.loadTokenClassifier(Reference.headsDir("bert"), base)) {
      float[] expected;
      try (NDManager m = base.newSubManager()) {
        expected = model.logits(c.ids(m), c.mask(m), c.types(m)).toFloatArray();
      }
      int before = base.getManagedArrays().size();
      List<Future<float[]>> results = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        results.add(
            pool.submit(
                () -> {
                  try (NDManager m = base.newSubManager()) {
                    return model.logits(c.ids(m), c.mask(m), c.types(m)).toFloatArray();
                  }
                }));
      }
      for (Future<float[]> f : results) {
        // reduction order may differ with how the intra-op pool splits work under contention
        assertThat(f.get()).containsExactly(expected, within(1e-5f));
      }
      assertThat(base.getManagedArrays()).hasSize(before);
    } finally {
      pool.shutdownNow();
    }
  }
}
