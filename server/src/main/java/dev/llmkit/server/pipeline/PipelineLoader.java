package dev.llmkit.server.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.llmkit.inference.embedding.EmbeddingPipeline;
import dev.llmkit.inference.generation.TextCodec;
import dev.llmkit.inference.generation.TextGenerator;
import dev.llmkit.inference.gpt2.Gpt2Model;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.QuestionAnswerer;
import dev.llmkit.inference.model.TokenClassifier;
import dev.llmkit.inference.ner.NerPipeline;
import dev.llmkit.inference.qa.QaPipeline;
import dev.llmkit.server.config.ConfigException;
import dev.llmkit.server.config.TaskConfig;
import dev.llmkit.server.service.ModelInfo;
import dev.llmkit.tokenization.Tokenizer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Loads a task's model directory ({@code config.json}, {@code model.safetensors}, tokenizer files)
 * into a batched task service. Hub ids are not resolved here: give a local directory.
 */
public final class PipelineLoader {

  private PipelineLoader() {}

  /** Token classification from {@code task.model()}. */
  public static NerPipelineService ner(TaskConfig task, MeterRegistry registry) {
    Path dir = directory("ner", task);
    NDManager manager = manager(task.device());
    Tokenizer tokenizer = Tokenizer.fromDirectory(dir);
    TokenClassifier model = EncoderModels.loadTokenClassifier(dir, manager);
    NerPipeline pipeline =
        NerPipeline.builder().model(model).tokenizer(tokenizer).manager(manager).build();
    return new NerPipelineService(
            pipeline,
            tokenizer,
            info(dir, task, manager),
            task.batchLimits(),
            task.inputLimit(),
            registry)
        .alsoClose(manager)
        .alsoClose(tokenizer)
        .alsoClose(model);
  }

  /** Extractive question answering from {@code task.model()}. */
  public static QaPipelineService qa(TaskConfig task, MeterRegistry registry) {
    Path dir = directory("qa", task);
    NDManager manager = manager(task.device());
    Tokenizer tokenizer = Tokenizer.fromDirectory(dir);
    QuestionAnswerer model = EncoderModels.loadQuestionAnswerer(dir, manager);
    QaPipeline pipeline =
        QaPipeline.builder().model(model).tokenizer(tokenizer).manager(manager).build();
    return new QaPipelineService(
            pipeline,
            tokenizer,
            info(dir, task, manager),
            task.batchLimits(),
            task.inputLimit(),
            registry)
        .alsoClose(manager)
        .alsoClose(tokenizer)
        .alsoClose(model);
  }

  /** Mean-pooled sentence embeddings from {@code task.model()}. */
  public static EmbeddingPipelineService embeddings(TaskConfig task, MeterRegistry registry) {
    Path dir = directory("embed", task);
    NDManager manager = manager(task.device());
    Tokenizer tokenizer = Tokenizer.fromDirectory(dir);
    Encoder model = EncoderModels.loadEncoder(dir, manager);
    EmbeddingPipeline pipeline =
        EmbeddingPipeline.builder().model(model).tokenizer(tokenizer).manager(manager).build();
    return new EmbeddingPipelineService(
            pipeline,
            tokenizer,
            model.hiddenSize(),
            info(dir, task, manager),
            task.batchLimits(),
            task.inputLimit(),
            registry)
        .alsoClose(manager)
        .alsoClose(tokenizer)
        .alsoClose(model);
  }

  /** GPT-2 text generation from {@code task.model()}. */
  public static GenerationPipelineService generation(TaskConfig task) {
    Path dir = directory("generate", task);
    NDManager manager = manager(task.device());
    Tokenizer tokenizer = Tokenizer.fromDirectory(dir);
    Gpt2Model model = Gpt2Model.load(dir, manager);
    TextGenerator generator =
        TextGenerator.builder().model(model).codec(TextCodec.of(tokenizer)).build();
    return new GenerationPipelineService(
            generator, info(dir, task, manager), model.eosTokenId().orElse(-1), task.maxQueueSize())
        .alsoClose(manager)
        .alsoClose(tokenizer)
        .alsoClose(model);
  }

  /** The task's model directory, or a message that says what to give instead. */
  static Path directory(String name, TaskConfig task) {
    Path dir = Path.of(task.model());
    if (!Files.isDirectory(dir)) {
      throw new ConfigException(
          List.of(
              name
                  + ".model: '"
                  + task.model()
                  + "' is not a local directory; download the model and give its directory"));
    }
    return dir;
  }

  /** A base manager on the configured device ({@code auto}: the engine's default). */
  static NDManager manager(String device) {
    if (device == null || device.equals("auto")) {
      return NDManager.newBaseManager();
    }
    if (device.equals("cpu")) {
      return NDManager.newBaseManager(Device.cpu());
    }
    int colon = device.indexOf(':');
    int index = colon < 0 ? 0 : Integer.parseInt(device.substring(colon + 1));
    return NDManager.newBaseManager(Device.gpu(index));
  }

  private static ModelInfo info(Path dir, TaskConfig task, NDManager manager) {
    Path weights = dir.resolve("model.safetensors");
    return new ModelInfo(
        dir.getFileName() == null ? dir.toString() : dir.getFileName().toString(),
        task.revision() == null ? "local" : task.revision(),
        Files.isRegularFile(weights) ? sha256(weights) : null,
        "float32",
        manager.getDevice().toString());
  }

  /** Hex SHA-256 of a file, streamed. */
  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
