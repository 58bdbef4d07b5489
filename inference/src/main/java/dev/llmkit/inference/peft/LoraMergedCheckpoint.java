package dev.llmkit.inference.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.model.ModelLoadException;
import dev.llmkit.inference.safetensors.SafetensorsFile;
import dev.llmkit.inference.safetensors.TensorInfo;
import dev.llmkit.inference.safetensors.TensorReader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A base checkpoint with a LoRA adapter merged in as it is read, PEFT's {@code merge_and_unload}:
 * every adapted {@code X.weight} reads as {@code W + (lora_alpha / r) · B A}, and the adapter's
 * {@code modules_to_save} (the task head) are read from the adapter. The loaders see an ordinary
 * checkpoint, so inference runs at the base model's speed with no extra ops.
 *
 * <p>Every LoRA pair must match a base weight of the right shape, so an adapter made for another
 * model fails here instead of loading silently.
 */
final class LoraMergedCheckpoint implements TensorReader {

  private final Path adapterDir;
  private final TensorReader base;
  private final SafetensorsFile adapter;
  private final double scaling;

  /** Base weight name → adapter stem (the module name as the adapter file spells it). */
  private final Map<String, String> adapted = new HashMap<>();

  /** Head tensor name → adapter file key. */
  private final Map<String, String> saved = new HashMap<>();

  private final SortedSet<String> names;

  LoraMergedCheckpoint(
      Path adapterDir, LoraConfig config, TensorReader base, SafetensorsFile adapter) {
    this.adapterDir = adapterDir;
    this.base = base;
    this.adapter = adapter;
    this.scaling = config.scaling();
    for (String key : adapter.names()) {
      String name = PeftAdapter.modelName(key, adapterDir);
      if (name.endsWith(".lora_A.weight")) {
        String stem = name.substring(0, name.length() - ".lora_A.weight".length());
        String target = baseWeight(stem);
        String bKey = key.replace(".lora_A.weight", ".lora_B.weight");
        long[] a = adapter.require(key).shape();
        long[] b = adapter.require(bKey).shape();
        long[] w = base.require(target).shape();
        if (a.length != 2
            || b.length != 2
            || w.length != 2
            || a[0] != b[1]
            || b[0] != w[0]
            || a[1] != w[1]) {
          throw new ModelLoadException(
              adapterDir + ": LoRA pair " + stem + " does not fit " + target + " of the base");
        }
        adapted.put(target, key.substring(0, key.length() - ".lora_A.weight".length()));
      } else if (!name.endsWith(".lora_B.weight")) {
        saved.put(name, key);
      }
    }
    TreeSet<String> all = new TreeSet<>(base.names());
    all.addAll(saved.keySet());
    this.names = java.util.Collections.unmodifiableSortedSet(all);
  }

  /**
   * The base tensor a module stem adapts: {@code stem.weight}, or the one whose name ends with it.
   */
  private String baseWeight(String stem) {
    String exact = stem + ".weight";
    if (base.contains(exact)) {
      return exact;
    }
    // A bare BertModel checkpoint has no "bert." prefix; the adapter's names always do.
    int dot = stem.indexOf('.');
    String unprefixed = dot < 0 ? stem : stem.substring(dot + 1) + ".weight";
    if (dot >= 0 && base.contains(unprefixed)) {
      return unprefixed;
    }
    throw new ModelLoadException(
        adapterDir
            + ": the adapter targets "
            + stem
            + ", which the base model "
            + base.path()
            + " lacks");
  }

  @Override
  public Path path() {
    return adapterDir;
  }

  @Override
  public SortedSet<String> names() {
    return names;
  }

  @Override
  public Optional<TensorInfo> info(String name) {
    String key = saved.get(name);
    return key != null ? adapter.info(key) : base.info(name);
  }

  @Override
  public Map<String, String> metadata() {
    return base.metadata();
  }

  @Override
  public float[] readFloats(String name) {
    String key = saved.get(name);
    if (key != null) {
      return adapter.readFloats(key);
    }
    float[] w = base.readFloats(name);
    String stem = adapted.get(name);
    if (stem != null) {
      addLowRank(w, stem);
    }
    return w;
  }

  /** {@code W += scaling · B A}, accumulated in double per row element for stability. */
  private void addLowRank(float[] w, String stem) {
    long[] aShape = adapter.require(stem + ".lora_A.weight").shape();
    int r = (int) aShape[0];
    int in = (int) aShape[1];
    float[] a = adapter.readFloats(stem + ".lora_A.weight"); // (r, in)
    float[] b = adapter.readFloats(stem + ".lora_B.weight"); // (out, r)
    int out = w.length / in;
    double[] row = new double[in];
    for (int o = 0; o < out; o++) {
      java.util.Arrays.fill(row, 0);
      for (int k = 0; k < r; k++) {
        double bk = b[o * r + k];
        if (bk == 0) {
          continue;
        }
        int base0 = k * in;
        for (int i = 0; i < in; i++) {
          row[i] += bk * a[base0 + i];
        }
      }
      int w0 = o * in;
      for (int i = 0; i < in; i++) {
        w[w0 + i] = (float) (w[w0 + i] + scaling * row[i]);
      }
    }
  }

  @Override
  public long[] readLongs(String name) {
    String key = saved.get(name);
    return key != null ? adapter.readLongs(key) : base.readLongs(name);
  }

  @Override
  public NDArray read(String name, NDManager manager) {
    TensorInfo info = require(name);
    if (!info.dtype().isFloatingPoint()) {
      String key = saved.get(name);
      return key != null ? adapter.read(key, manager) : base.read(name, manager);
    }
    NDArray array = manager.create(readFloats(name), new Shape(info.shape()));
    array.setName(name);
    return array;
  }

  @Override
  public void close() {
    try {
      adapter.close();
    } finally {
      base.close();
    }
  }
}
