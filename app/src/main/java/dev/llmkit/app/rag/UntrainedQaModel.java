package dev.llmkit.app.rag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.inference.safetensors.SafetensorsFile;
import dev.llmkit.inference.safetensors.SafetensorsWriter;
import dev.llmkit.inference.safetensors.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A question-answering model directory made from an encoder plus an UNTRAINED {@code qa_outputs}
 * head (seeded normal(0, 0.02) weights, zero bias). It exercises the open-book QA path end to end
 * when no fine-tuned QA model is available; its answers are meaningless.
 */
final class UntrainedQaModel {

  private UntrainedQaModel() {}

  /** Writes the model into {@code target} (an existing empty directory) and returns it. */
  static Path create(Path encoderDir, Path target, long seed) throws IOException {
    try (Stream<Path> files = Files.list(encoderDir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (!name.equals("model.safetensors") && !name.equals("config.json")) {
          Files.copy(f, target.resolve(name));
        }
      }
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode config = (ObjectNode) json.readTree(encoderDir.resolve("config.json").toFile());
    config.putArray("architectures").add("BertForQuestionAnswering");
    json.writeValue(target.resolve("config.json").toFile(), config);
    int hidden = config.get("hidden_size").asInt();

    SafetensorsWriter writer = SafetensorsWriter.create().metadata("format", "pt");
    try (SafetensorsFile source = SafetensorsFile.open(encoderDir.resolve("model.safetensors"))) {
      for (String name : source.names()) {
        TensorInfo info = source.info(name).orElseThrow();
        writer.addFloats(name, source.readFloats(name), info.shape());
      }
    }
    Random random = new Random(seed);
    float[] weight = new float[2 * hidden]; // (2, C): start and end logits
    for (int i = 0; i < weight.length; i++) {
      weight[i] = (float) (random.nextGaussian() * 0.02);
    }
    writer.addFloats("qa_outputs.weight", weight, new long[] {2, hidden});
    writer.addFloats("qa_outputs.bias", new float[2], new long[] {2});
    writer.write(target.resolve("model.safetensors"));
    return target;
  }
}
