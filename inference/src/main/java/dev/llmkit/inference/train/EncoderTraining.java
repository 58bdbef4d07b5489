package dev.llmkit.inference.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.nn.Linear;
import dev.llmkit.inference.nn.Parameters;
import dev.llmkit.inference.peft.LoraConfig;
import dev.llmkit.inference.peft.PeftAdapter;
import dev.llmkit.inference.safetensors.Safetensors;
import dev.llmkit.inference.safetensors.SafetensorsDtype;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Pieces shared by the encoder fine-tuning tasks (NER, QA): heads, parameters, export. */
public final class EncoderTraining {

  /** The word-embedding table, which {@code --freeze-embeddings} keeps fixed. */
  public static final Predicate<String> WORD_EMBEDDINGS =
      name -> name.endsWith("embeddings.word_embeddings.weight");

  private EncoderTraining() {}

  /**
   * A new linear head initialised as Hugging Face's {@code _init_weights} does ({@code N(0, 0.02)}
   * weight, zero bias), registered among the encoder's parameters so that it is trained and saved
   * with them. Draws from the engine's generator.
   *
   * @param name the head's HF name ({@code classifier}, {@code qa_outputs})
   */
  public static Linear newHead(Parameters parameters, String name, long in, long out) {
    NDManager m = parameters.manager();
    NDArray weight = m.randomNormal(0f, 0.02f, new Shape(out, in), DataType.FLOAT32);
    NDArray bias = m.zeros(new Shape(out), DataType.FLOAT32);
    return new Linear(
        parameters.register(name + ".weight", weight), parameters.register(name + ".bias", bias));
  }

  /** The trainable parameters: every weight of the encoder (and head) except the frozen ones. */
  public static List<NamedParameter> trainable(Encoder encoder, Predicate<String> frozen) {
    return encoder.parameters().asMap().entrySet().stream()
        .filter(e -> !frozen.test(e.getKey()))
        .map(e -> NamedParameter.of(e.getKey(), e.getValue()))
        .toList();
  }

  /**
   * With LoRA, everything but the adapters and the modules saved in full (the head) is frozen.
   *
   * @param modulesToSave the head's module names
   */
  public static Predicate<String> frozenByLora(List<String> modulesToSave) {
    return name ->
        !(name.contains(".lora_A.")
            || name.contains(".lora_B.")
            || modulesToSave.stream().anyMatch(m -> name.startsWith(m + ".")));
  }

  /**
   * Writes a Hugging Face model directory: the base's {@code config.json} edited by {@code
   * configEdit}, the base's tokenizer files, and either every parameter in {@code
   * model.safetensors} or, with {@code lora}, a PEFT adapter ({@code adapter_config.json} and
   * {@code adapter_model.safetensors}) that loads on top of the base.
   */
  public static void save(
      Path base,
      Parameters parameters,
      Path out,
      SafetensorsDtype dtype,
      LoraConfig lora,
      Consumer<ObjectNode> configEdit) {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    try {
      Files.createDirectories(out);
      ObjectNode config = (ObjectNode) json.readTree(base.resolve("config.json").toFile());
      configEdit.accept(config);
      json.writeValue(out.resolve("config.json").toFile(), config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out.resolve("config.json"), e);
    }
    if (lora != null) {
      PeftAdapter.save(out, lora, parameters);
    } else {
      parameters.save(out.resolve(Safetensors.MODEL_FILE), dtype);
    }
    TokenizerExport.fromDirectory(base, out);
  }
}
