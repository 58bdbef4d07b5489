package dev.llmkit.inference.gpt2;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.generation.KvCache;
import dev.llmkit.inference.nn.Activation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the cost of one cached decode step against the prompt length on a random GPT-2 (default
 * n_embd 256, 4 layers, 1024 positions, vocab 8192; {@code -Dgpt2.it.embd/layers/heads/vocab} to
 * change). With the cache a step costs the projections (constant) plus attention over the past
 * (linear in it); recomputing the prompt would cost ~prompt-length times more.
 *
 * <p>Timing-based, so a benchmark (tag {@code benchmark}, excluded from the build's test runs):
 * {@code ./mvnw -B -pl inference -am verify -Dit.test=Gpt2DecodeCostIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dllmkit.test.excludedGroups=}.
 */
@Tag("benchmark")
class Gpt2DecodeCostIT {

  private static final Logger LOG = LoggerFactory.getLogger(Gpt2DecodeCostIT.class);
  private static final int STEPS = 32;

  @Test
  void aCachedStepCostsAboutTheSameAfterALongPromptAsAfterAShortOne() {
    int embd = Integer.getInteger("gpt2.it.embd", 256);
    int layers = Integer.getInteger("gpt2.it.layers", 4);
    int heads = Integer.getInteger("gpt2.it.heads", 4);
    int vocab = Integer.getInteger("gpt2.it.vocab", 8192);
    Gpt2Config config =
        new Gpt2Config(
            embd,
            layers,
            heads,
            1024,
            1024,
            4 * embd,
            vocab,
            1e-5,
            Activation.GELU_TANH,
            0,
            0,
            true);
    try (NDManager base = NDManager.newBaseManager();
        Gpt2Model model = new Gpt2Model(config, randomWeights(config, base), base)) {
      measure(model, 8); // warm-up
      Map<Integer, double[]> results = new LinkedHashMap<>();
      for (int prompt : new int[] {8, 128, 512, 960}) {
        results.put(prompt, measure(model, prompt));
      }
      results.forEach(
          (prompt, r) ->
              LOG.info(
                  "C={} L={} V={} prompt {}: prefill {} ms, {} ms/token",
                  embd,
                  layers,
                  vocab,
                  prompt,
                  String.format("%.1f", r[0]),
                  String.format("%.2f", r[1])));
      double shortStep = results.get(8)[1];
      double longStep = results.get(960)[1];
      // Attention over 960 past tokens adds at most a few times the constant per-token work here;
      // recomputing the prompt would multiply the step cost by about a hundred.
      assertThat(longStep).isLessThan(4 * shortStep);
    }
  }

  /** {prefill ms, mean ms per cached step}. */
  private static double[] measure(Gpt2Model model, int promptLength) {
    SplittableRandom random = new SplittableRandom(promptLength);
    long[] prompt = random.longs(promptLength, 0, model.vocabSize()).toArray();
    try (NDManager request = model.manager().newSubManager()) {
      KvCache cache = model.newCache(request, 1, promptLength + STEPS);
      long t0 = System.nanoTime();
      long next;
      try (NDManager step = request.newSubManager()) {
        NDArray logits =
            model.nextTokenLogits(step.create(prompt, new Shape(1, promptLength)), cache);
        next = logits.argMax(1).getLong();
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < STEPS; i++) {
        try (NDManager step = request.newSubManager()) {
          NDArray logits =
              model.nextTokenLogits(step.create(new long[] {next}, new Shape(1, 1)), cache);
          next = logits.argMax(1).getLong();
        }
      }
      long t2 = System.nanoTime();
      return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6 / STEPS};
    }
  }

  static Gpt2Weights randomWeights(Gpt2Config c, NDManager m) {
    long e = c.nEmbd();
    long i = c.nInner();
    List<Gpt2Weights.Block> blocks = new ArrayList<>();
    for (int l = 0; l < c.nLayer(); l++) {
      blocks.add(
          new Gpt2Weights.Block(
              m.ones(new Shape(e)),
              m.zeros(new Shape(e)),
              normal(m, e, 3 * e),
              m.zeros(new Shape(3 * e)),
              normal(m, e, e),
              m.zeros(new Shape(e)),
              m.ones(new Shape(e)),
              m.zeros(new Shape(e)),
              normal(m, e, i),
              m.zeros(new Shape(i)),
              normal(m, i, e),
              m.zeros(new Shape(e))));
    }
    NDArray wte = normal(m, c.vocabSize(), e);
    return new Gpt2Weights(
        wte,
        normal(m, c.nPositions(), e),
        blocks,
        m.ones(new Shape(e)),
        m.zeros(new Shape(e)),
        wte);
  }

  private static NDArray normal(NDManager m, long... shape) {
    return m.randomNormal(0f, 0.02f, new Shape(shape), ai.djl.ndarray.types.DataType.FLOAT32);
  }
}
