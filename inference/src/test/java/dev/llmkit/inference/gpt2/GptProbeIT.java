package dev.llmkit.inference.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.generation.KvCache;
import dev.llmkit.inference.nn.Activation;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GptProbeIT {
  @Test
  void probe() {
    Gpt2Config config =
        new Gpt2Config(
            768, 12, 12, 1024, 1024, 3072, 50257, 1e-5, Activation.GELU_TANH, 0, 0, true);
    try (NDManager base = NDManager.newBaseManager();
        Gpt2Model model =
            new Gpt2Model(config, Gpt2DecodeCostIT.randomWeights(config, base), base)) {
      for (int n : new int[] {64, 256, 512, 768, 960, 512, 960, 512, 960}) {
        run(model, n, false);
      }
      ai.djl.pytorch.jni.JniUtils.startProfile(false, true, false);
      run(model, 512, false);
      ai.djl.pytorch.jni.JniUtils.stopProfile("/work/scratch/gpt-512.json");
      ai.djl.pytorch.jni.JniUtils.startProfile(false, true, false);
      run(model, 960, false);
      ai.djl.pytorch.jni.JniUtils.stopProfile("/work/scratch/gpt-960.json");
    }
  }

  static void run(Gpt2Model model, int n, boolean quiet) {
    long[] prompt = new SplittableRandom(n).longs(n, 0, model.vocabSize()).toArray();
    try (NDManager request = model.manager().newSubManager()) {
      KvCache cache = model.newCache(request, 1, n + 32);
      long t0 = System.nanoTime();
      try (NDManager step = request.newSubManager()) {
        NDArray logits = model.nextTokenLogits(step.create(prompt, new Shape(1, n)), cache);
        logits.argMax(1).getLong();
      }
      long t1 = System.nanoTime();
      long[] next = {1};
      for (int i = 0; i < 16; i++) {
        try (NDManager step = request.newSubManager()) {
          NDArray logits = model.nextTokenLogits(step.create(next, new Shape(1, 1)), cache);
          next[0] = logits.argMax(1).getLong();
        }
      }
      long t2 = System.nanoTime();
      System.out.printf(
          "GPROBE n=%d prefill %.1f ms (%.3f ms/token), decode %.1f ms/token%n",
          n, (t1 - t0) / 1e6, (t1 - t0) / 1e6 / n, (t2 - t1) / 16e6);
    }
  }
}
