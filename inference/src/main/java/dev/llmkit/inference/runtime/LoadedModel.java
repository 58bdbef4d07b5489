package dev.llmkit.inference.runtime;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.llmkit.inference.device.Placement;
import dev.llmkit.tokenization.Tokenizer;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * A model directory loaded for use: its weights on a device in a precision, its tokenizer, and the
 * manager that owns the weights' native memory. Every command of the command line, the server's
 * task services, retrieval and the trainers load models this one way; closing it frees the model,
 * the tokenizer and the manager, in that order.
 *
 * <pre>{@code
 * try (LoadedModel<TokenClassifier> ner =
 *         LoadedModel.load(dir, Placement.cpu(), EncoderModels::loadTokenClassifier)) {
 *   NerPipeline pipeline =
 *       NerPipeline.builder().model(ner.model()).tokenizer(ner.tokenizer()).manager(ner.manager())
 *           .build();
 * }
 * }</pre>
 *
 * @param <M> the model (an encoder with a head, GPT-2)
 */
public final class LoadedModel<M extends AutoCloseable> implements AutoCloseable {

  /** Reads a model's weights from its directory into a manager, in a precision. */
  @FunctionalInterface
  public interface Loader<M> {
    M load(Path directory, NDManager manager, DataType dtype);
  }

  private final Path directory;
  private final Placement placement;
  private final NDManager manager;
  private final Tokenizer tokenizer;
  private final M model;

  private LoadedModel(
      Path directory, Placement placement, NDManager manager, Tokenizer tokenizer, M model) {
    this.directory = directory;
    this.placement = placement;
    this.manager = manager;
    this.tokenizer = tokenizer;
    this.model = model;
  }

  /**
   * Loads {@code directory}'s tokenizer and, with {@code loader}, its weights into a new base
   * manager on {@code placement}'s device and in its precision. Nothing is left open on failure.
   */
  public static <M extends AutoCloseable> LoadedModel<M> load(
      Path directory, Placement placement, Loader<M> loader) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(loader, "loader");
    NDManager manager = NDManager.newBaseManager(placement.device());
    Tokenizer tokenizer = null;
    try {
      tokenizer = Tokenizer.fromDirectory(directory);
      M model = loader.load(directory, manager, placement.precision().dataType());
      return new LoadedModel<>(directory, placement, manager, tokenizer, model);
    } catch (RuntimeException e) {
      if (tokenizer != null) {
        tokenizer.close();
      }
      manager.close();
      throw e;
    }
  }

  /**
   * A model initialised rather than read (training from scratch): {@code init} makes its weights in
   * a new base manager on {@code placement}'s device. The model owns {@code tokenizer} from now on.
   * Nothing is left open on failure.
   */
  public static <M extends AutoCloseable> LoadedModel<M> fresh(
      Placement placement, Tokenizer tokenizer, Function<NDManager, M> init) {
    Objects.requireNonNull(tokenizer, "tokenizer");
    NDManager manager = NDManager.newBaseManager(placement.device());
    try {
      return new LoadedModel<>(null, placement, manager, tokenizer, init.apply(manager));
    } catch (RuntimeException e) {
      tokenizer.close();
      manager.close();
      throw e;
    }
  }

  /** The model directory (null for a {@link #fresh} model). */
  public Path directory() {
    return directory;
  }

  /** The device and precision it was loaded on. */
  public Placement placement() {
    return placement;
  }

  /** The manager that owns the weights; run requests in its children. */
  public NDManager manager() {
    return manager;
  }

  /** The model's tokenizer. */
  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /** The model. */
  public M model() {
    return model;
  }

  @Override
  public void close() {
    try {
      model.close();
    } catch (Exception e) {
      throw new IllegalStateException(
          "closing " + (directory == null ? "a fresh model" : directory) + " failed", e);
    } finally {
      tokenizer.close();
      manager.close();
    }
  }
}
