package dev.llmkit.inference.train.lm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.inference.gpt2.Gpt2Config;
import dev.llmkit.inference.gpt2.Gpt2Weights;
import dev.llmkit.inference.safetensors.Safetensors;
import dev.llmkit.inference.safetensors.SafetensorsDtype;
import dev.llmkit.inference.safetensors.SafetensorsWriter;
import dev.llmkit.inference.train.NamedParameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * GPT-2 weights under their Hugging Face names ({@code GPT2LMHeadModel} layout, {@code
 * transformer.} prefix), for training and for writing a model directory that {@code transformers}
 * and llmkit load.
 */
public final class Gpt2Export {

  private Gpt2Export() {}

  /** Every trainable weight with its HF name; the tied head is {@code wte}, listed once. */
  public static List<NamedParameter> parameters(Gpt2Weights w) {
    return w.byName().entrySet().stream()
        .map(e -> NamedParameter.of(e.getKey(), e.getValue()))
        .toList();
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
