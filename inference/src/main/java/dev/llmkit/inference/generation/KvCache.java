package dev.llmkit.inference.generation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of every attention layer for the tokens seen so far, preallocated once at their
 * final size so that a new token writes in place instead of concatenating (which would copy the
 * whole past per token and, done on long-lived arrays, leak into their manager).
 *
 * <p>Allocate it in the request's manager: closing that manager frees it.
 */
public final class KvCache {

  private final NDArray[] keys; // per layer (B, H, capacity, D)
  private final NDArray[] values; // per layer (B, H, capacity, D)
  private final int capacity;
  private int length;

  private KvCache(NDArray[] keys, NDArray[] values, int capacity) {
    this.keys = keys;
    this.values = values;
    this.capacity = capacity;
  }

  /**
   * Zero-filled buffers for {@code capacity} positions.
   *
   * @param manager the request's manager; the buffers live and die with it
   */
  public static KvCache allocate(
      NDManager manager,
      int layers,
      int batchSize,
      int heads,
      int headDim,
      int capacity,
      DataType dataType) {
    if (layers < 1 || batchSize < 1 || heads < 1 || headDim < 1 || capacity < 1) {
      throw new IllegalArgumentException(
          "KV cache dimensions must be positive: layers=%d batch=%d heads=%d headDim=%d capacity=%d"
              .formatted(layers, batchSize, heads, headDim, capacity));
    }
    Shape shape = new Shape(batchSize, heads, capacity, headDim);
    NDArray[] k = new NDArray[layers];
    NDArray[] v = new NDArray[layers];
    for (int i = 0; i < layers; i++) {
      k[i] = manager.zeros(shape, dataType);
      v[i] = manager.zeros(shape, dataType);
    }
    return new KvCache(k, v, capacity);
  }

  /** Number of positions already cached (the offset of the next token's position id). */
  public int length() {
    return length;
  }

  /** Maximum number of positions. */
  public int capacity() {
    return capacity;
  }

  /** Number of sequences (B). */
  public long batchSize() {
    return keys[0].getShape().get(0);
  }

  /** Number of layers. */
  public int layers() {
    return keys.length;
  }

  /**
   * Writes this step's keys and values after the cached ones and returns views of all of them. Call
   * once per layer, then {@link #advance(int)} once per step.
   *
   * @param layer layer index
   * @param newKeys (B, H, T, D)
   * @param newValues (B, H, T, D)
   * @return keys and values (B, H, length + T, D), owned by {@code newKeys}' manager
   * @throws IllegalStateException when the step does not fit
   */
  public KeyValues append(int layer, NDArray newKeys, NDArray newValues) {
    long t = newKeys.getShape().get(2);
    long end = length + t;
    if (end > capacity) {
      throw new IllegalStateException(
          "KV cache full: " + length + " cached + " + t + " new > capacity " + capacity);
    }
    NDIndex slot = new NDIndex(":, :, {}:{}", length, end);
    keys[layer].set(slot, newKeys);
    values[layer].set(slot, newValues);
    NDIndex past = new NDIndex(":, :, :{}", end);
    NDArray k = keys[layer].get(past);
    NDArray v = values[layer].get(past);
    // Views would otherwise belong to the cache's (request-long) manager: keep them per step.
    k.attach(newKeys.getManager());
    v.attach(newKeys.getManager());
    return new KeyValues(k, v);
  }

  /** Marks {@code tokens} more positions as cached, after every layer has appended them. */
  public void advance(int tokens) {
    if (length + tokens > capacity) {
      throw new IllegalStateException("KV cache advanced past its capacity " + capacity);
    }
    length += tokens;
  }

  /**
   * Keys and values of one layer.
   *
   * @param keys (B, H, S, D)
   * @param values (B, H, S, D)
   */
  public record KeyValues(NDArray keys, NDArray values) {}
}
