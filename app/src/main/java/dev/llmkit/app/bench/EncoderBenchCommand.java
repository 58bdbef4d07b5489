package dev.llmkit.app.bench;

import ai.djl.engine.Engine;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.llmkit.inference.device.Placement;
import dev.llmkit.inference.device.Precision;
import dev.llmkit.inference.embedding.Embedding;
import dev.llmkit.inference.embedding.EmbeddingOptions;
import dev.llmkit.inference.embedding.EmbeddingPipeline;
import dev.llmkit.inference.minilm.AllMiniLmL6V2;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.runtime.LoadedModel;
import dev.llmkit.tokenization.Tokenizer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code llmkit bench encoder}: all-MiniLM-L6-v2 embeddings, llmkit's {@link EmbeddingPipeline}
 * against LangChain4j's {@code AllMiniLmL6V2EmbeddingModel} on ONNX Runtime, on the same texts.
 */
@Command(
    name = "encoder",
    mixinStandardHelpOptions = true,
    description = "Embeddings at batch 1 and 32 against LangChain4j's ONNX Runtime MiniLM.",
    footer = {
      "",
      "Batch 1 embeds the texts one call each; batch 32 embeds them 32 a call (LangChain4j's",
      "embedAll). The two run in alternation, so load on the machine falls on both alike.",
      "",
      "Example:",
      "  llmkit bench encoder --repeats 9 --out docs/bench",
      "  llmkit bench encoder --dtype bfloat16 --out docs/bench/bfloat16",
      "  llmkit bench encoder --dtype bfloat16 --peer int8 --out docs/bench/bfloat16-int8",
      "",
      "Exit codes: 0 ok, 2 the peer (ONNX Runtime in app/target/bench-lib) is missing."
    })
public final class EncoderBenchCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private BenchOptions bench;

  @Mixin private BenchPrecision precision;

  @Option(names = "--texts", paramLabel = "FILE", description = "One text a line.")
  private Path textsFile;

  @Option(
      names = "--peer",
      paramLabel = "float32|int8",
      defaultValue = "float32",
      description =
          "The peer's model: LangChain4j's float32 MiniLM, or its int8 quantized one (default"
              + " ${DEFAULT-VALUE}).")
  private String peerModel;

  @Option(
      names = "--count",
      defaultValue = "64",
      paramLabel = "N",
      description = "Texts a timed run embeds (default ${DEFAULT-VALUE}).")
  private int count;

  /**
   * Before each timed run, so that the other runtime's idle threads have stopped spinning: without
   * it, llmkit's first three texts after ONNX Runtime's run took 19–21 ms instead of 7–8 here, and
   * ONNX Runtime's first after llmkit's about 9 instead of 8.
   */
  private static final Duration PEER_PAUSE = Duration.ofMillis(100);

  @Override
  public Integer call() throws Exception {
    Peers.MiniLm variant;
    try {
      variant = Peers.MiniLm.valueOf(peerModel.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--peer must be float32 or int8, got '" + peerModel + "'");
    }
    List<String> texts = Texts.take(Texts.load(textsFile), count);
    bench.applyThreads();
    Engine.getInstance(); // djl-pitfalls 15: DJL's engine before ONNX Runtime in one JVM
    EmbeddingModel peer;
    try {
      peer = Peers.allMiniLmOnOnnxRuntime(Peers.defaultLibrary(), variant);
    } catch (Peers.PeerMissingException e) {
      spec.commandLine().getErr().println("llmkit bench encoder: " + e.getMessage());
      return 2;
    }
    Path dir = AllMiniLmL6V2.directory();
    List<Result> results = new ArrayList<>();
    try (LoadedModel<Encoder> m =
            LoadedModel.load(dir, precision.placement(), EncoderModels::loadEncoder);
        EmbeddingPipeline pipeline = pipeline(m)) {
      Tokenizer tokenizer = m.tokenizer();
      EmbeddingOptions options = EmbeddingOptions.defaults();
      List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
      int tokens = texts.stream().mapToInt(t -> tokenizer.encode(t).length()).sum();
      List<Embedding> own = pipeline.embed(texts, options);
      List<Embedding> reference =
          precision.precision() == Precision.FLOAT32 ? own : float32Embeddings(dir, texts);
      double llmkitCosine = meanCosine(own, reference);
      double peerCosine =
          meanCosine(
              peer.embedAll(segments).content().stream()
                  .map(e -> new Embedding(e.vector(), 0))
                  .toList(),
              reference);
      for (int batch : new int[] {1, 32}) {
        Samples[] both =
            bench
                .repeats()
                .withPause(PEER_PAUSE)
                .interleaved(
                    () -> {
                      for (int i = 0; i < texts.size(); i += batch) {
                        pipeline.embed(
                            texts.subList(i, Math.min(texts.size(), i + batch)), options);
                      }
                    },
                    () -> {
                      for (int i = 0; i < texts.size(); i += batch) {
                        if (batch == 1) {
                          peer.embed(texts.get(i));
                        } else {
                          peer.embedAll(segments.subList(i, Math.min(texts.size(), i + batch)));
                        }
                      }
                    },
                    texts.size());
        results.add(
            Result.against(
                    precision.label("batch " + batch),
                    "ms per text",
                    both[0],
                    variant.label,
                    both[1])
                .with("llmkit texts/s", 1000 / both[0].median())
                .with("peer texts/s", 1000 / both[1].median())
                .with("tokens per text", (double) tokens / texts.size())
                .with("llmkit cosine distance to float32", 1 - llmkitCosine)
                .with("peer cosine distance to float32", 1 - peerCosine));
      }
    }
    return bench.report(spec, "encoder", results);
  }

  /** What both sides' precision is measured against: a float32 copy of the model's embeddings. */
  private static List<Embedding> float32Embeddings(Path dir, List<String> texts) {
    try (LoadedModel<Encoder> m =
            LoadedModel.load(dir, Placement.cpu(), EncoderModels::loadEncoder);
        EmbeddingPipeline full = pipeline(m)) {
      return full.embed(texts, EmbeddingOptions.defaults());
    }
  }

  private static EmbeddingPipeline pipeline(LoadedModel<Encoder> m) {
    return EmbeddingPipeline.builder()
        .model(m.model())
        .tokenizer(m.tokenizer())
        .manager(m.manager())
        .build();
  }

  /** The mean cosine similarity of paired embeddings. */
  private static double meanCosine(List<Embedding> a, List<Embedding> b) {
    double sum = 0;
    for (int i = 0; i < a.size(); i++) {
      sum += a.get(i).cosine(b.get(i));
    }
    return sum / a.size();
  }
}
