package dev.llmkit.inference.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.llmkit.inference.safetensors.SafetensorsDtype;
import dev.llmkit.inference.safetensors.SafetensorsWriter;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The named weights of one model, under their Hugging Face names, all owned by one manager. This is
 * the single place training reaches for: mark everything trainable with {@link
 * #setRequiresGradient(boolean)}, update arrays in place, and {@link #save} them back as
 * safetensors that transformers can load.
 *
 * <p>Closing it frees every weight.
 */
public final class Parameters implements AutoCloseable {

  private final NDManager manager;
  private final Map<String, NDArray> byName = new LinkedHashMap<>();

  /**
   * @param manager owns the arrays registered here; closed by {@link #close()}
   */
  public Parameters(NDManager manager) {
    this.manager = manager;
  }

  /** The manager that owns the weights. */
  public NDManager manager() {
    return manager;
  }

  /**
   * Registers an array under its Hugging Face name and moves it into this holder's manager.
   *
   * @throws IllegalArgumentException if the name is taken
   */
  public NDArray register(String name, NDArray array) {
    if (byName.containsKey(name)) {
      throw new IllegalArgumentException("parameter registered twice: " + name);
    }
    array.attach(manager);
    array.setName(name);
    byName.put(name, array);
    return array;
  }

  /**
   * The parameter of that name.
   *
   * @throws NoSuchElementException if there is none
   */
  public NDArray get(String name) {
    NDArray a = byName.get(name);
    if (a == null) {
      throw new NoSuchElementException("no parameter " + name);
    }
    return a;
  }

  /** All parameters in registration order, by name (unmodifiable). */
  public Map<String, NDArray> asMap() {
    return Collections.unmodifiableMap(byName);
  }

  /** Number of parameter tensors. */
  public int size() {
    return byName.size();
  }

  /** Total number of scalar weights. */
  public long elementCount() {
    return byName.values().stream().mapToLong(a -> a.getShape().size()).sum();
  }

  /** Marks every parameter as requiring (or no longer requiring) a gradient. */
  public void setRequiresGradient(boolean requiresGradient) {
    byName.values().forEach(a -> a.setRequiresGradient(requiresGradient));
  }

  /**
   * Writes all parameters as one safetensors file with {@code "format": "pt"} metadata.
   *
   * @param floatDtype F32, F16 or BF16
   */
  public void save(Path file, SafetensorsDtype floatDtype) {
    SafetensorsWriter writer = SafetensorsWriter.create().metadata("format", "pt");
    byName.forEach((name, array) -> writer.addArray(name, array, floatDtype));
    writer.write(file);
  }

  @Override
  public void close() {
    manager.close();
  }
}
