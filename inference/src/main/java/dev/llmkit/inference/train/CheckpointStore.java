package dev.llmkit.inference.train;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.llmkit.inference.store.LlmkitCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checkpoints of a training run: {@code DIR/checkpoint-00000500/} holding {@code model.safetensors}
 * (trained weights), {@code optimizer.safetensors} (AdamW moments) and {@code trainer-state.json}.
 * A checkpoint is written to a temporary directory and renamed into place, so a run killed while
 * writing never leaves a half-written "latest" checkpoint.
 */
public final class CheckpointStore {

  static final String MODEL = "model.safetensors";
  static final String OPTIMIZER = "optimizer.safetensors";
  static final String STATE = "trainer-state.json";
  private static final String PREFIX = "checkpoint-";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path root;

  /** A store rooted at a directory (created on first write). */
  public CheckpointStore(Path root) {
    this.root = root;
  }

  /** The newest complete checkpoint, if any. */
  public Optional<Path> latest() {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith(PREFIX))
          .filter(d -> Files.isRegularFile(d.resolve(STATE)))
          .max(Comparator.comparing(d -> d.getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  /** Writes a checkpoint and deletes all but the newest {@code keep}. */
  Path save(TrainerState state, List<NamedParameter> parameters, AdamW optimizer, int keep) {
    String name = PREFIX + String.format("%08d", state.step());
    Path target = root.resolve(name);
    Path tmp = root.resolve(".tmp-" + name);
    try {
      Files.createDirectories(root);
      LlmkitCache.deleteTree(tmp);
      Files.createDirectories(tmp);
      Map<String, NDArray> weights = new LinkedHashMap<>();
      parameters.forEach(p -> weights.put(p.name(), p.array()));
      CheckpointTensors.write(tmp.resolve(MODEL), weights);
      CheckpointTensors.write(tmp.resolve(OPTIMIZER), optimizer.state());
      JSON.writeValue(tmp.resolve(STATE).toFile(), state);
      LlmkitCache.deleteTree(target);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      prune(keep);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + target, e);
    }
  }

  /** Reads the scalar state of a checkpoint. */
  static TrainerState readState(Path checkpoint) {
    try {
      return JSON.readValue(checkpoint.resolve(STATE).toFile(), TrainerState.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + checkpoint.resolve(STATE), e);
    }
  }

  /** Copies the checkpoint's weights into the parameters and restores the optimizer. */
  static void restore(
      Path checkpoint, TrainerState state, List<NamedParameter> parameters, AdamW optimizer) {
    try {
      Map<String, CheckpointTensors.Tensor> weights =
          CheckpointTensors.read(checkpoint.resolve(MODEL));
      for (NamedParameter p : parameters) {
        CheckpointTensors.Tensor t = weights.get(p.name());
        if (t == null) {
          throw new IllegalStateException(checkpoint + " has no weight " + p.name());
        }
        if (!t.shape().equals(p.array().getShape())) {
          throw new IllegalStateException(
              p.name() + ": checkpoint shape " + t.shape() + ", model " + p.array().getShape());
        }
        p.array().set(t.data());
      }
      optimizer.restore(
          CheckpointTensors.read(checkpoint.resolve(OPTIMIZER)), state.optimizerStep());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + checkpoint, e);
    }
  }

  private void prune(int keep) throws IOException {
    List<Path> all;
    try (Stream<Path> dirs = Files.list(root)) {
      all =
          dirs.filter(d -> d.getFileName().toString().startsWith(PREFIX))
              .sorted(Comparator.comparing(d -> d.getFileName().toString()))
              .toList();
    }
    for (int i = 0; i < all.size() - keep; i++) {
      LlmkitCache.deleteTree(all.get(i));
    }
  }
}
