package dev.llmkit.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.lang.reflect.Field;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Requests in child managers must leave nothing behind in the long-lived managers. */
class NativeMemoryTest {

  private static final Logger LOG = LoggerFactory.getLogger(NativeMemoryTest.class);
  private static final int REQUESTS = 2000;

  @Test
  void thousandsOfRequestsDoNotGrowTheBaseOrWeightManagers() throws Exception {
    Reference.Case c = Reference.load("roberta").cases().get(0);
    try (NDManager base = NDManager.newBaseManager(); // loads the engine before JniUtils
        QuestionAnswerer model =
            EncoderModels.loadQuestionAnswerer(Reference.headsDir("roberta"), base)) {
      int threads = JniUtils.getNumThreads();
      NDManager weights = model.encoder().parameters().manager();
      warmUp(model, base, c);
      int baseArrays = base.getManagedArrays().size();
      int weightArrays = weights.getManagedArrays().size();
      int weightResources = resources(weights);
      // the parameters are arrays; the packed copies the warm-up made of the linear layers'
      // weights are engine values attached to the same manager, never arrays
      assertThat(weightArrays).isEqualTo(model.encoder().parameters().size());
      assertThat(weightResources).isGreaterThan(weightArrays);

      // Tiny matrices gain nothing from intra-op threads, and on a loaded machine the thread
      // barriers made each request ~20x slower (250 ms vs 11 ms measured): run this one serially.
      JniUtils.setNumThreads(1);
      try {
        runRequests(model, base, c);
      } finally {
        JniUtils.setNumThreads(threads);
      }
      assertThat(base.getManagedArrays()).hasSize(baseArrays);
      assertThat(weights.getManagedArrays()).hasSize(weightArrays);
      assertThat(resources(weights)).isEqualTo(weightResources);
    }
  }

  /** Everything a manager frees when closed: its arrays and the values attached to it. */
  private static int resources(NDManager manager) throws ReflectiveOperationException {
    Field field = BaseNDManager.class.getDeclaredField("resources");
    field.setAccessible(true);
    return ((Map<?, ?>) field.get(manager)).size();
  }

  private static void runRequests(QuestionAnswerer model, NDManager base, Reference.Case c) {
    float checksum = 0;
    long start = System.nanoTime();
    for (int i = 0; i < REQUESTS; i++) {
      try (NDManager request = base.newSubManager()) {
        SpanLogits out = model.logits(c.ids(request), c.mask(request), null);
        checksum += out.start().getFloat(0, 0);
      }
    }
    LOG.info("{} requests, {} ms each", REQUESTS, (System.nanoTime() - start) / 1e6 / REQUESTS);
    assertThat(checksum).isFinite();
  }

  @Test
  void aRequestManagerHoldsEveryIntermediateAndFreesThemOnClose() {
    Reference.Case c = Reference.load("bert").cases().get(0);
    try (NDManager base = NDManager.newBaseManager();
        Encoder encoder = EncoderModels.loadEncoder(Reference.baseDir("bert"), base)) {
      try (NDManager warmUp = base.newSubManager()) { // packs the weights of the linear layers
        encoder.forward(c.ids(warmUp), c.mask(warmUp), c.types(warmUp));
      }
      int weightArrays = encoder.parameters().manager().getManagedArrays().size();
      NDManager request = base.newSubManager();
      NDArray hidden = encoder.forward(c.ids(request), c.mask(request), c.types(request));
      assertThat(hidden.getManager()).isSameAs(request);
      assertThat(request.getManagedArrays()).hasSizeGreaterThan(10);
      assertThat(encoder.parameters().manager().getManagedArrays()).hasSize(weightArrays);
      request.close();
      assertThat(hidden.isReleased()).isTrue();
    }
  }

  private static void warmUp(QuestionAnswerer model, NDManager base, Reference.Case c) {
    try (NDManager request = base.newSubManager()) {
      model.logits(c.ids(request), c.mask(request), null);
    }
  }
}
