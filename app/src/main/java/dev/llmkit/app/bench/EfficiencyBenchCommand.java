package dev.llmkit.app.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.bert.BertConfig;
import dev.llmkit.inference.device.Placement;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.ModelConfig;
import dev.llmkit.inference.pretrained.BertBaseCased;
import dev.llmkit.inference.runtime.LoadedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmkit bench efficiency}: the GFLOP/s a BERT-Base forward achieves, against the engine's
 * own matrix-product peak measured in the same run, and the small products of a batch-1 encoder.
 */
@Command(
    name = "efficiency",
    mixinStandardHelpOptions = true,
    description = "GFLOP/s of a BERT-Base forward against the engine's measured matmul peak.",
    footer = {
      "",
      "FLOPs are counted analytically: a layer of width C over T tokens costs 24·T·C² for its",
      "projections and 4·T²·C for attention (a multiply-add is two).",
      "",
      "Example:",
      "  llmkit bench efficiency --out docs/bench"
    })
public final class EfficiencyBenchCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private BenchOptions bench;

  @Option(names = "--batch", defaultValue = "8", description = "Sequences (default 8).")
  private int batch;

  @Option(names = "--tokens", defaultValue = "128", description = "Tokens each (default 128).")
  private int tokens;

  @Override
  public Integer call() throws Exception {
    bench.applyThreads();
    List<Result> results = new ArrayList<>();
    try (NDManager base = NDManager.newBaseManager()) {
      // The peak is the best of the large products; the small one shows what batch 1 gets.
      double peak =
          Math.max(
              matmul(base, results, 1024, 1024, 1024, "matmul 1024×1024·1024×1024"),
              matmul(
                  base,
                  results,
                  batch * tokens,
                  768,
                  3072,
                  "matmul BERT-Base FFN, " + batch + "×" + tokens));
      matmul(base, results, 30, 384, 1536, "matmul 30×384·384×1536 (MiniLM, one text)");
      batchOneLinears(base, results);
      Path dir = BertBaseCased.directory();
      BertConfig config = BertConfig.from(ModelConfig.read(dir));
      try (LoadedModel<Encoder> m =
          LoadedModel.load(dir, Placement.cpu(), EncoderModels::loadEncoder)) {
        Encoder encoder = m.model();
        long c = config.hiddenSize();
        long t = tokens;
        double flops =
            (double) batch * config.numHiddenLayers() * (24.0 * t * c * c + 4.0 * t * t * c);
        long[] ids =
            new java.util.SplittableRandom(1).longs((long) batch * t, 1000, 20000).toArray();
        Samples ms =
            bench
                .repeats()
                .time(
                    () -> {
                      try (NDManager request = base.newSubManager()) {
                        Shape shape = new Shape(batch, t);
                        NDArray out =
                            encoder.forward(
                                request.create(ids, shape),
                                request.ones(shape, DataType.INT64),
                                request.zeros(shape, DataType.INT64));
                        out.getFloat(0, 0, 0);
                      }
                    },
                    1);
        double gflops = flops / ms.median() / 1e6;
        results.add(
            Result.alone("BERT-Base forward, " + batch + "×" + tokens + " tokens", "ms", ms)
                .with("GFLOP/s", gflops)
                .with("% of matmul peak", 100 * gflops / peak)
                .with("matmul peak GFLOP/s", peak));
      }
    }
    return bench.report(spec, "efficiency", results);
  }

  /**
   * The 36 linear layers of a batch-1 MiniLM forward (32 tokens): over 36 distinct weights, 42 MB
   * that a real forward pass streams from memory, against the same products over one layer's six
   * weights, which stay in cache. Their ratio shows how far batch 1 is bound by reading weights.
   */
  private void batchOneLinears(NDManager base, List<Result> results) {
    long tokens = 32;
    long[][] layer = {{384, 384}, {384, 384}, {384, 384}, {384, 384}, {1536, 384}, {384, 1536}};
    try (NDManager local = base.newSubManager()) {
      List<NDArray[]> linears = new ArrayList<>(); // {weight (out, in), bias (out), input (T, in)}
      long bytes = 0;
      double flops = 0;
      for (int l = 0; l < 6; l++) {
        for (long[] shape : layer) {
          linears.add(
              new NDArray[] {
                local.randomNormal(0, 0.05f, new Shape(shape[0], shape[1]), DataType.FLOAT32),
                local.zeros(new Shape(shape[0])),
                local.randomNormal(new Shape(tokens, shape[1]))
              });
          bytes += 4 * shape[0] * shape[1];
          flops += 2.0 * tokens * shape[0] * shape[1];
        }
      }
      int passes = 20;
      Samples[] both =
          bench
              .repeats()
              .interleaved(
                  linearPasses(passes, linears.size(), linears::get),
                  linearPasses(passes, linears.size(), i -> linears.get(i % layer.length)),
                  passes);
      results.add(
          Result.against(
                  "36 linear layers of one MiniLM text (32 tokens), "
                      + Math.round(bytes / 1e6)
                      + " MB of weights",
                  "ms per forward",
                  both[0],
                  "the same products over one layer's weights (in cache)",
                  both[1])
              .with("GFLOP/s", flops / both[0].median() / 1e6)
              .with("GFLOP/s in cache", flops / both[1].median() / 1e6)
              .with("weights GB/s", bytes / both[0].median() / 1e6));
    }
  }

  /**
   * Runs {@code count} linear layers, the {@code i}-th over {@code pick.apply(i)}, {@code passes}
   * times.
   */
  private static Runnable linearPasses(int passes, int count, IntFunction<NDArray[]> pick) {
    return () -> {
      for (int p = 0; p < passes; p++) {
        for (int i = 0; i < count; i++) {
          NDArray[] l = pick.apply(i);
          ai.djl.nn.core.Linear.linear(l[2], l[0], l[1]).singletonOrThrow().close();
        }
      }
    };
  }

  /** Times {@code (m, k)·(k, n)}, records it, and returns its median GFLOP/s. */
  private double matmul(NDManager base, List<Result> results, int m, int k, int n, String name) {
    try (NDManager local = base.newSubManager()) {
      NDArray a = local.randomUniform(-1, 1, new Shape(m, k));
      NDArray b = local.randomUniform(-1, 1, new Shape(k, n));
      int reps = (int) Math.max(1, 2e9 / (2.0 * m * k * n)); // about 2 GFLOP a timed run
      Samples ms =
          bench
              .repeats()
              .time(
                  () -> {
                    for (int i = 0; i < reps; i++) {
                      a.matMul(b).close();
                    }
                  },
                  reps);
      double gflops = 2.0 * m * k * n / ms.median() / 1e6;
      results.add(Result.alone(name, "ms per product", ms).with("GFLOP/s", gflops));
      return gflops;
    }
  }
}
