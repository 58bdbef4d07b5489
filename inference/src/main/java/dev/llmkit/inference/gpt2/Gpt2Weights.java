package dev.llmkit.inference.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.model.ModelLoadException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The GPT-2 parameters as named arrays, in one place so that training can set {@code
 * requiresGradient} on {@link #parameters()}. Conv1D weights keep their stored (in, out) layout, so
 * a projection is {@code x · W + b} with no transpose.
 *
 * @param wte token embedding (V, C)
 * @param wpe position embedding (P, C)
 * @param blocks the transformer blocks
 * @param lnFWeight final LayerNorm weight (C)
 * @param lnFBias final LayerNorm bias (C)
 * @param lmHead LM head (V, C): {@code wte} itself when tied
 */
public record Gpt2Weights(
    NDArray wte,
    NDArray wpe,
    List<Block> blocks,
    NDArray lnFWeight,
    NDArray lnFBias,
    NDArray lmHead) {

  /** Copies {@code blocks}. */
  public Gpt2Weights {
    blocks = List.copyOf(blocks);
  }

  /**
   * Loads and shape-checks every tensor.
   *
   * @param config the model's config
   * @param names all tensor names in the checkpoint
   * @param reader reads one tensor by name as float32, in the model's manager
   * @throws ModelLoadException on missing, unexpected or misshapen tensors
   */
  public static Gpt2Weights load(
      Gpt2Config config, Collection<String> names, Function<String, NDArray> reader) {
    Gpt2WeightNames n = Gpt2WeightNames.detect(names);
    checkNames(config, n, names);
    long c = config.nEmbd();
    long v = config.vocabSize();
    long inner = config.nInner();
    NDArray wte = read(reader, n.wte(), v, c);
    NDArray wpe = read(reader, n.wpe(), config.nPositions(), c);
    List<Block> blocks = new ArrayList<>(config.nLayer());
    for (int i = 0; i < config.nLayer(); i++) {
      int layer = i;
      Function<String, String> b = local -> n.block(layer, local);
      blocks.add(
          new Block(
              read(reader, b.apply("ln_1.weight"), c),
              read(reader, b.apply("ln_1.bias"), c),
              read(reader, b.apply("attn.c_attn.weight"), c, 3 * c),
              read(reader, b.apply("attn.c_attn.bias"), 3 * c),
              read(reader, b.apply("attn.c_proj.weight"), c, c),
              read(reader, b.apply("attn.c_proj.bias"), c),
              read(reader, b.apply("ln_2.weight"), c),
              read(reader, b.apply("ln_2.bias"), c),
              read(reader, b.apply("mlp.c_fc.weight"), c, inner),
              read(reader, b.apply("mlp.c_fc.bias"), inner),
              read(reader, b.apply("mlp.c_proj.weight"), inner, c),
              read(reader, b.apply("mlp.c_proj.bias"), c)));
    }
    NDArray lnFWeight = read(reader, n.lnF("weight"), c);
    NDArray lnFBias = read(reader, n.lnF("bias"), c);
    NDArray lmHead = config.tieWordEmbeddings() ? wte : read(reader, Gpt2WeightNames.LM_HEAD, v, c);
    return new Gpt2Weights(wte, wpe, blocks, lnFWeight, lnFBias, lmHead);
  }

  /** Every trainable array (the tied head counted once). */
  public List<NDArray> parameters() {
    List<NDArray> all = new ArrayList<>(List.of(wte, wpe));
    for (Block b : blocks) {
      all.addAll(b.parameters());
    }
    all.add(lnFWeight);
    all.add(lnFBias);
    if (lmHead != wte) {
      all.add(lmHead);
    }
    return all;
  }

  private static void checkNames(Gpt2Config config, Gpt2WeightNames n, Collection<String> names) {
    Set<String> expected = new HashSet<>(List.of(n.wte(), n.wpe(), n.lnF("weight"), n.lnF("bias")));
    for (int i = 0; i < config.nLayer(); i++) {
      for (String local : Gpt2WeightNames.BLOCK_TENSORS) {
        expected.add(n.block(i, local));
      }
    }
    if (!config.tieWordEmbeddings()) {
      expected.add(Gpt2WeightNames.LM_HEAD);
    }
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(names);
    if (!missing.isEmpty()) {
      throw new ModelLoadException(
          "GPT-2 checkpoint (prefix '" + n.prefix() + "') lacks tensors: " + firstFew(missing));
    }
    Set<String> unexpected = new TreeSet<>();
    for (String name : names) {
      // A tied checkpoint may still carry lm_head.weight (a copy of wte): harmless, skipped.
      if (!expected.contains(name)
          && !Gpt2WeightNames.isBuffer(name)
          && !name.equals(Gpt2WeightNames.LM_HEAD)) {
        unexpected.add(name);
      }
    }
    if (!unexpected.isEmpty()) {
      throw new ModelLoadException(
          "GPT-2 checkpoint has tensors this "
              + config.nLayer()
              + "-layer config does not use: "
              + firstFew(unexpected));
    }
  }

  private static NDArray read(Function<String, NDArray> reader, String name, long... dims) {
    NDArray array = reader.apply(name);
    if (array.getDataType() != DataType.FLOAT32) {
      DataType actual = array.getDataType();
      array.close();
      throw new ModelLoadException(
          "tensor " + name + " is " + actual + ", expected a floating-point tensor");
    }
    Shape expected = new Shape(dims);
    if (!array.getShape().equals(expected)) {
      Shape actual = array.getShape();
      array.close();
      throw new ModelLoadException(
          "tensor " + name + " has shape " + actual + ", config expects " + expected);
    }
    return array;
  }

  private static String firstFew(Set<String> names) {
    List<String> list = new ArrayList<>(names);
    return list.size() <= 8
        ? list.toString()
        : list.subList(0, 8) + " and " + (list.size() - 8) + " more";
  }

  /**
   * One transformer block ({@code h.N}); weights are (in, out).
   *
   * @param ln1Weight (C)
   * @param ln1Bias (C)
   * @param attnWeight c_attn (C, 3C): query | key | value
   * @param attnBias (3C)
   * @param attnProjWeight attention c_proj (C, C)
   * @param attnProjBias (C)
   * @param ln2Weight (C)
   * @param ln2Bias (C)
   * @param fcWeight mlp c_fc (C, I)
   * @param fcBias (I)
   * @param mlpProjWeight mlp c_proj (I, C)
   * @param mlpProjBias (C)
   */
  public record Block(
      NDArray ln1Weight,
      NDArray ln1Bias,
      NDArray attnWeight,
      NDArray attnBias,
      NDArray attnProjWeight,
      NDArray attnProjBias,
      NDArray ln2Weight,
      NDArray ln2Bias,
      NDArray fcWeight,
      NDArray fcBias,
      NDArray mlpProjWeight,
      NDArray mlpProjBias) {

    /** The block's arrays. */
    public List<NDArray> parameters() {
      return List.of(
          ln1Weight,
          ln1Bias,
          attnWeight,
          attnBias,
          attnProjWeight,
          attnProjBias,
          ln2Weight,
          ln2Bias,
          fcWeight,
          fcBias,
          mlpProjWeight,
          mlpProjBias);
    }
  }
}
