package dev.llmkit.server.pipeline;

import ai.djl.ndarray.NDManager;
import dev.llmkit.inference.device.DeviceException;
import dev.llmkit.inference.device.DeviceSpec;
import dev.llmkit.inference.device.Placement;
import dev.llmkit.inference.device.Precision;
import dev.llmkit.inference.embedding.EmbeddingPipeline;
import dev.llmkit.inference.fillmask.FillMaskPipeline;
import dev.llmkit.inference.generation.GenerationDefaults;
import dev.llmkit.inference.generation.TextCodec;
import dev.llmkit.inference.generation.TextGenerator;
import dev.llmkit.inference.gpt2.Gpt2Model;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.ner.NerPipeline;
import dev.llmkit.inference.qa.QaPipeline;
import dev.llmkit.inference.runtime.LoadedModel;
import dev.llmkit.inference.store.ModelStore;
import dev.llmkit.inference.store.ModelStoreException;
import dev.llmkit.server.config.ConfigException;
import dev.llmkit.server.config.TaskConfig;
import dev.llmkit.server.service.GenerationParameters;
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
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a task's model ({@code config.json}, {@code model.safetensors}, tokenizer files) into a
 * batched task service. The model is a local directory or a Hub id resolved through {@link
 * ModelStore}; the device goes through {@link DeviceSpec} and {@link Placement} (float32).
 */
public final class PipelineLoader {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineLoader.class);

  private PipelineLoader() {}

  /** Token classification from {@code task.model()}, Hub ids resolved from the environment. */
  public static NerPipelineService ner(TaskConfig task, MeterRegistry registry) {
    return ner(task, registry, ModelStore.fromEnvironment());
  }

  /** Token classification from {@code task.model()}, Hub ids resolved through {@code store}. */
  public static NerPipelineService ner(TaskConfig task, MeterRegistry registry, ModelStore store) {
    return load(
        "ner",
        task,
        store,
        EncoderModels::loadTokenClassifier,
        NerPipelineService::alsoClose,
        m ->
            new NerPipelineService(
                    NerPipeline.builder()
                        .model(m.model())
                        .tokenizer(m.tokenizer())
                        .manager(m.manager())
                        .build(),
                    m.tokenizer(),
                    m.info(),
                    task.batchLimits(),
                    task.inputLimit(),
                    registry)
                .withAttention(
                    ModelAttention.encoder(m.model().encoder(), m.tokenizer(), m.manager())));
  }

  /** Extractive question answering from {@code task.model()}, Hub ids from the environment. */
  public static QaPipelineService qa(TaskConfig task, MeterRegistry registry) {
    return qa(task, registry, ModelStore.fromEnvironment());
  }

  /** Extractive question answering from {@code task.model()}, Hub ids through {@code store}. */
  public static QaPipelineService qa(TaskConfig task, MeterRegistry registry, ModelStore store) {
    return load(
        "qa",
        task,
        store,
        EncoderModels::loadQuestionAnswerer,
        QaPipelineService::alsoClose,
        m ->
            new QaPipelineService(
                    QaPipeline.builder()
                        .model(m.model())
                        .tokenizer(m.tokenizer())
                        .manager(m.manager())
                        .build(),
                    m.tokenizer(),
                    m.info(),
                    task.batchLimits(),
                    task.inputLimit(),
                    registry)
                .withAttention(
                    ModelAttention.encoder(m.model().encoder(), m.tokenizer(), m.manager())));
  }

  /** Mean-pooled sentence embeddings from {@code task.model()}, Hub ids from the environment. */
  public static EmbeddingPipelineService embeddings(TaskConfig task, MeterRegistry registry) {
    return embeddings(task, registry, ModelStore.fromEnvironment());
  }

  /** Mean-pooled sentence embeddings from {@code task.model()}, Hub ids through {@code store}. */
  public static EmbeddingPipelineService embeddings(
      TaskConfig task, MeterRegistry registry, ModelStore store) {
    return load(
        "embed",
        task,
        store,
        EncoderModels::loadEncoder,
        EmbeddingPipelineService::alsoClose,
        m ->
            new EmbeddingPipelineService(
                    EmbeddingPipeline.builder()
                        .model(m.model())
                        .tokenizer(m.tokenizer())
                        .manager(m.manager())
                        .build(),
                    m.tokenizer(),
                    m.model().hiddenSize(),
                    m.info(),
                    task.batchLimits(),
                    task.inputLimit(),
                    registry)
                .withAttention(ModelAttention.encoder(m.model(), m.tokenizer(), m.manager())));
  }

  /** Fill-mask from {@code task.model()} (a BERT with its masked-LM head), Hub ids from the env. */
  public static FillMaskPipelineService fillMask(TaskConfig task, MeterRegistry registry) {
    return fillMask(task, registry, ModelStore.fromEnvironment());
  }

  /** Fill-mask from {@code task.model()}, Hub ids through {@code store}. */
  public static FillMaskPipelineService fillMask(
      TaskConfig task, MeterRegistry registry, ModelStore store) {
    return load(
        "fill_mask",
        task,
        store,
        EncoderModels::loadMaskedLanguageModel,
        FillMaskPipelineService::alsoClose,
        m ->
            new FillMaskPipelineService(
                    FillMaskPipeline.builder()
                        .model(m.model())
                        .tokenizer(m.tokenizer())
                        .manager(m.manager())
                        .build(),
                    m.tokenizer(),
                    m.model().encoder().maxSequenceLength(),
                    m.info(),
                    task.batchLimits(),
                    task.inputLimit(),
                    registry)
                .withAttention(
                    ModelAttention.encoder(m.model().encoder(), m.tokenizer(), m.manager())));
  }

  /** GPT-2 text generation from {@code task.model()}, Hub ids from the environment. */
  public static GenerationPipelineService generation(TaskConfig task) {
    return generation(task, ModelStore.fromEnvironment());
  }

  /** GPT-2 text generation from {@code task.model()}, Hub ids through {@code store}. */
  public static GenerationPipelineService generation(TaskConfig task, ModelStore store) {
    return load(
        "generate",
        task,
        store,
        Gpt2Model::load,
        GenerationPipelineService::alsoClose,
        m ->
            new GenerationPipelineService(
                    TextGenerator.builder()
                        .model(m.model())
                        .codec(TextCodec.of(m.tokenizer()))
                        .build(),
                    m.info(),
                    m.model().eosTokenId().orElse(-1),
                    task.maxQueueSize(),
                    new InputLimiter(
                        "generate", m.tokenizer(), task.inputLimit(), m.model().contextLength()))
                .withDefaults(defaults(GenerationDefaults.read(m.resolved().directory())))
                .withAttention(ModelAttention.gpt2(m.model(), m.tokenizer())));
  }

  /** The model's {@code generation_config.json} values in the server's parameter types. */
  static GenerationParameters.Defaults defaults(GenerationDefaults d) {
    return new GenerationParameters.Defaults(
        d.maxNewTokens(),
        d.doSample(),
        d.temperature() == null ? null : d.temperature().floatValue(),
        d.topK(),
        d.topP() == null ? null : d.topP().floatValue(),
        d.repetitionPenalty() == null ? null : d.repetitionPenalty().floatValue());
  }

  /**
   * The loading shape every task shares: resolves the model, opens a manager on the task's device,
   * reads the tokenizer, loads the model with {@code loadModel}, builds the service with {@code
   * build}, then has the service also close the manager, tokenizer and model (in that order).
   */
  private static <M extends AutoCloseable, S> S load(
      String name,
      TaskConfig task,
      ModelStore store,
      LoadedModel.Loader<M> loadModel,
      BiFunction<S, AutoCloseable, S> alsoClose,
      Function<Loaded<M>, S> build) {
    Resolved resolved = resolve(name, task, store);
    Placement placement = placement(name, task);
    LoadedModel<M> loaded = LoadedModel.load(resolved.directory(), placement, loadModel);
    try {
      return alsoClose.apply(build.apply(new Loaded<>(resolved, loaded)), loaded);
    } catch (RuntimeException e) {
      loaded.close();
      throw e;
    }
  }

  /** What {@link #load} opened for a task, handed to the service factory. */
  private record Loaded<M extends AutoCloseable>(Resolved resolved, LoadedModel<M> loaded) {
    M model() {
      return loaded.model();
    }

    Tokenizer tokenizer() {
      return loaded.tokenizer();
    }

    NDManager manager() {
      return loaded.manager();
    }

    /** The model's {@code /info} entry; hashes the weights file, so called once per load. */
    ModelInfo info() {
      return PipelineLoader.info(resolved, loaded.placement());
    }
  }

  /**
   * A task's model on disk.
   *
   * @param directory the model directory
   * @param id what {@code /info} calls it: the Hub id, or the directory's name
   * @param revision the snapshot's commit for Hub ids; the configured revision or {@code local}
   */
  record Resolved(Path directory, String id, String revision) {}

  /**
   * Resolves {@code task.model()}: an existing directory as is, else a Hub id {@code
   * org/name[@revision]} (or {@code revision} from the config) through the store, which downloads
   * into the Hugging Face cache or, with {@code HF_HUB_OFFLINE=1}, reads the cache only.
   */
  static Resolved resolve(String name, TaskConfig task, ModelStore store) {
    String model = task.model().strip();
    Path local = Path.of(model);
    if (Files.isDirectory(local)) {
      return new Resolved(
          local,
          local.getFileName() == null ? model : local.getFileName().toString(),
          task.revision() == null ? "local" : task.revision());
    }
    String reference =
        task.revision() == null || model.contains("@") ? model : model + "@" + task.revision();
    try {
      Path dir = store.resolve(reference);
      int at = reference.indexOf('@');
      String id = at < 0 ? reference : reference.substring(0, at);
      // The cache keeps snapshots under snapshots/<commit>/: the directory name is the commit.
      boolean snapshot =
          dir.getParent() != null
              && dir.getParent().getFileName() != null
              && dir.getParent().getFileName().toString().equals("snapshots");
      String revision = snapshot ? dir.getFileName().toString() : "unknown";
      LOG.info("{}.model {} -> {} (revision {})", name, reference, dir, revision);
      return new Resolved(dir, id, revision);
    } catch (ModelStoreException e) {
      throw new ConfigException(List.of(name + ".model: " + e.getMessage()));
    }
  }

  /**
   * The task's device ({@code auto}: a GPU when DJL sees one) and precision ({@code float16} on a
   * GPU only), as the command line's {@code --device} and {@code --dtype}. GPT-2 loads in float32
   * whatever the precision (its decoding steps read float16 copies on the CPU).
   */
  static Placement placement(String name, TaskConfig task) {
    Precision precision;
    try {
      precision = Precision.parse(task.dtype());
    } catch (DeviceException e) {
      throw new ConfigException(List.of(name + ".dtype: " + e.getMessage()));
    }
    Placement onDevice;
    try {
      onDevice = Placement.resolve(DeviceSpec.parse(task.device()), Precision.FLOAT32);
    } catch (DeviceException e) {
      throw new ConfigException(List.of(name + ".device: " + e.getMessage()));
    }
    try {
      return new Placement(onDevice.device(), precision);
    } catch (DeviceException e) {
      throw new ConfigException(List.of(name + ".dtype: " + e.getMessage()));
    }
  }

  private static ModelInfo info(Resolved resolved, Placement placement) {
    Path weights = resolved.directory().resolve("model.safetensors");
    return new ModelInfo(
        resolved.id(),
        resolved.revision(),
        Files.isRegularFile(weights) ? sha256(weights) : null,
        placement.precision().label(),
        placement.device().toString());
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
