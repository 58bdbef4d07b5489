package dev.llmkit.inference.train.lm;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.inference.gpt2.Gpt2Config;
import dev.llmkit.inference.gpt2.Gpt2WeightNames;
import dev.llmkit.inference.gpt2.Gpt2Weights;
import dev.llmkit.inference.safetensors.Safetensors;
import dev.llmkit.inference.safetensors.SafetensorsDtype;
import dev.llmkit.inference.safetensors.SafetensorsWriter;
import dev.llmkit.inference.train.NamedParameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * GPT-2 weights under their Hugging Face names ({@code GPT2LMHeadModel} layout, {@code
 * transformer.} prefix), for training and for writing a model directory that {@code transformers}
 * and llmkit load.
 */
public final class Gpt2Export {

  private static final Gpt2WeightNames NAMES =
      new Gpt2WeightNames(Gpt2WeightNames.TRANSFORMER_PREFIX);
  private static final List<String> BLOCK_ORDER =
      List.of(
          "ln_1.weight",
          "ln_1.bias",
          "attn.c_attn.weight",
          "attn.c_attn.bias",
          "attn.c_proj.weight",
          "attn.c_proj.bias",
          "ln_2.weight",
          "ln_2.bias",
          "mlp.c_fc.weight",
          "mlp.c_fc.bias",
          "mlp.c_proj.weight",
          "mlp.c_proj.bias");

  private Gpt2Export() {}

  /** Every trainable weight with its HF name; the tied head is {@code wte}, listed once. */
  public static List<NamedParameter> parameters(Gpt2Weights w) {
    List<NamedParameter> out = new ArrayList<>();
    out.add(NamedParameter.of(NAMES.wte(), w.wte()));
    out.add(NamedParameter.of(NAMES.wpe(), w.wpe()));
    for (int i = 0; i < w.blocks().size(); i++) {
      List<NDArray> arrays = w.blocks().get(i).parameters(); // same order as BLOCK_ORDER
      for (int j = 0; j < BLOCK_ORDER.size(); j++) {
        out.add(NamedParameter.of(NAMES.block(i, BLOCK_ORDER.get(j)), arrays.get(j)));
      }
    }
    out.add(NamedParameter.of(NAMES.lnF("weight"), w.lnFWeight()));
    out.add(NamedParameter.of(NAMES.lnF("bias"), w.lnFBias()));
    if (w.lmHead() != w.wte()) {
      out.add(NamedParameter.of(Gpt2WeightNames.LM_HEAD, w.lmHead()));
    }
    return out;
  }

  /**
   * Writes {@code config.json} and {@code model.safetensors} (tokenizer files are copied
   * separately).
   *
   * @param dtype F32, or F16 to halve the size on disk
   */
  public static void save(
      Gpt2Config config, Gpt2Weights weights, Path dir, SafetensorsDtype dtype) {
    try {
      Files.createDirectories(dir);
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      json.writeValue(dir.resolve("config.json").toFile(), configJson(json, config));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve("config.json"), e);
    }
    SafetensorsWriter writer = SafetensorsWriter.create().metadata("format", "pt");
    for (NamedParameter p : parameters(weights)) {
      writer.addArray(p.name(), p.array(), dtype);
    }
    writer.write(dir.resolve(Safetensors.MODEL_FILE));
  }

  /** The HF {@code GPT2Config} fields. */
  static ObjectNode configJson(ObjectMapper json, Gpt2Config c) {
    ObjectNode node = json.createObjectNode();
    node.putArray("architectures").add("GPT2LMHeadModel");
    node.put("model_type", "gpt2");
    node.put("vocab_size", c.vocabSize());
    node.put("n_positions", c.nPositions());
    node.put("n_ctx", c.nPositions());
    node.put("n_embd", c.nEmbd());
    node.put("n_layer", c.nLayer());
    node.put("n_head", c.nHead());
    if (c.nInner() == 4 * c.nEmbd()) {
      node.putNull("n_inner");
    } else {
      node.put("n_inner", c.nInner());
    }
    node.put("activation_function", c.activationFunction().configNames().get(0));
    node.put("layer_norm_epsilon", c.layerNormEpsilon());
    c.bos().ifPresent(id -> node.put("bos_token_id", id));
    c.eos().ifPresent(id -> node.put("eos_token_id", id));
    node.put("tie_word_embeddings", c.tieWordEmbeddings());
    node.put("torch_dtype", "float32");
    return node;
  }
}
