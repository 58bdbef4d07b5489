package dev.llmkit.inference.train.qa;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.inference.data.SquadAnswer;
import dev.llmkit.inference.data.SquadExample;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.nn.Parameters;
import dev.llmkit.inference.safetensors.Safetensors;
import dev.llmkit.inference.safetensors.TensorReader;
import dev.llmkit.inference.train.StepStats;
import dev.llmkit.inference.train.TinyModels;
import dev.llmkit.inference.train.TrainingConfig;
import dev.llmkit.inference.train.TrainingListener;
import dev.llmkit.tokenization.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QaTrainerTest {

  private static final String[] NAMES = {"anna", "bob", "carl", "dora"};
  private static final String[] PLACES = {"oslo", "rome", "paris", "york"};

  @Test
  void theAnswerMapsToItsTokensThroughTheOffsets(@TempDir Path dir) throws IOException {
    try (Tokenizer tokenizer = Tokenizer.fromDirectory(TinyModels.tinyBert(dir))) {
      String context = "Anna met Bob in Oslo banks";
      SquadExample e =
          new SquadExample(
              "q", "t", context, "  who met bob", List.of(new SquadAnswer("Oslo banks", 16)));

      List<QaFeatures> windows = QaFeatures.windows(tokenizer, e, 64, 16);

      // [CLS] who met bob [SEP] anna met bob in oslo bank ##s [SEP]
      assertThat(windows).hasSize(1);
      assertThat(windows.get(0).ids()).containsExactly(2, 27, 18, 6, 3, 5, 18, 6, 19, 9, 16, 26, 3);
      assertThat(windows.get(0).startPosition()).isEqualTo(9);
      assertThat(windows.get(0).endPosition()).isEqualTo(11);
    }
  }

  @Test
  void windowsWithoutTheWholeAnswerPointAtTheClassifierToken(@TempDir Path dir) throws IOException {
    try (Tokenizer tokenizer = Tokenizer.fromDirectory(TinyModels.tinyBert(dir))) {
      String context = "anna met bob in oslo and carl met dora in rome";
      SquadExample e =
          new SquadExample("q", "t", context, "who", List.of(new SquadAnswer("rome", 42)));

      // 8 tokens: [CLS] who [SEP] + 4 context tokens + [SEP]; windows overlap by 2 tokens.
      List<QaFeatures> windows = QaFeatures.windows(tokenizer, e, 8, 2);

      assertThat(windows).hasSizeGreaterThan(2);
      QaFeatures last = windows.get(windows.size() - 1);
      assertThat(last.startPosition()).isEqualTo(last.endPosition()).isPositive();
      assertThat(last.ids()[last.startPosition()]).isEqualTo(10); // "rome"
      assertThat(windows.subList(0, windows.size() - 1))
          .allSatisfy(w -> assertThat(w.hasAnswer()).isFalse())
          .allSatisfy(w -> assertThat(w.endPosition()).isZero());
    }
  }

  @Test
  void fineTuningOnAToySetLowersTheLossAndAnswersTheDevQuestions(@TempDir Path dir)
      throws IOException {
    Path base = TinyModels.tinyBert(dir.resolve("base"));
    Path train = toySquad(dir.resolve("train.json"), 200, 1);
    Path dev = toySquad(dir.resolve("dev.json"), 30, 2);
    List<Double> losses = new ArrayList<>();

    QaTrainingReport report =
        QaTrainer.builder()
            .base(base)
            .train(List.of(train))
            .dev(List.of(dev))
            .output(dir.resolve("out"))
            .maxLength(48)
            .docStride(16)
            .training(
                TrainingConfig.builder().epochs(6).batchSize(16).learningRate(3e-3).seed(2).build())
            .listener(
                new TrainingListener() {
                  @Override
                  public void onStep(StepStats s) {
                    losses.add(s.loss());
                  }
                })
            .build()
            .run();

    assertThat(report.questions()).isEqualTo(200);
    double first = losses.subList(0, 10).stream().mapToDouble(d -> d).average().orElseThrow();
    double last =
        losses.subList(losses.size() - 10, losses.size()).stream()
            .mapToDouble(d -> d)
            .average()
            .orElseThrow();
    assertThat(last).isLessThan(first * 0.5);
    assertThat(report.dev().questions()).isEqualTo(30);
    assertThat(report.dev().f1()).isGreaterThan(80);
    assertThat(
            new ObjectMapper()
                .readTree(dir.resolve("out/config.json").toFile())
                .path("architectures")
                .get(0)
                .asText())
        .isEqualTo("BertForQuestionAnswering");
  }

  @Test
  void trainingOnFromAQaModelStartsFromItsHeadAndFromAnEncoderWithANewOne(@TempDir Path dir)
      throws IOException {
    Path encoder = TinyModels.tinyBert(dir.resolve("base"));
    Path qaModel = dir.resolve("qa");
    QaTrainer.builder()
        .base(encoder)
        .train(List.of(toySquad(dir.resolve("train.json"), 16, 1)))
        .output(qaModel)
        .maxLength(48)
        .docStride(16)
        .training(TrainingConfig.builder().epochs(1).batchSize(8).learningRate(3e-3).build())
        .build()
        .run();

    try (NDManager manager = NDManager.newBaseManager();
        TensorReader saved = Safetensors.open(qaModel);
        Encoder fromQa =
            EncoderModels.loadEncoderForTraining(qaModel, manager, null, "qa_outputs", 2);
        Encoder fromEncoder =
            EncoderModels.loadEncoderForTraining(encoder, manager, null, "qa_outputs", 2);
        Encoder otherShape =
            EncoderModels.loadEncoderForTraining(qaModel, manager, null, "qa_outputs", 3)) {
      Parameters kept = fromQa.parameters();
      assertThat(kept.get("qa_outputs.weight").toFloatArray())
          .containsExactly(saved.read("qa_outputs.weight", manager).toFloatArray());
      assertThat(kept.get("qa_outputs.bias").toFloatArray())
          .containsExactly(saved.read("qa_outputs.bias", manager).toFloatArray());
      assertThat(fromEncoder.parameters().asMap()).doesNotContainKey("qa_outputs.weight");
      assertThat(otherShape.parameters().asMap()).doesNotContainKey("qa_outputs.weight");
    }
  }

  /** "anna met bob in oslo . the river flows through rome ." with who/where questions. */
  private static Path toySquad(Path file, int questions, long seed) throws IOException {
    Random r = new Random(seed);
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ArrayNode paragraphs =
        root.putArray("data").addObject().put("title", "toy").putArray("paragraphs");
    for (int i = 0; i < questions; i++) {
      String a = NAMES[r.nextInt(4)];
      String b = NAMES[r.nextInt(4)];
      String p = PLACES[r.nextInt(4)];
      String q = PLACES[r.nextInt(4)];
      String context = a + " met " + b + " in " + p + " . the river flows through " + q + " .";
      boolean who = r.nextBoolean();
      String question = who ? "who met " + b : "where is the river";
      String answer = who ? a : q;
      int start = who ? 0 : context.lastIndexOf(q);
      ObjectNode paragraph = paragraphs.addObject().put("context", context);
      ObjectNode qa = paragraph.putArray("qas").addObject();
      qa.putArray("answers").addObject().put("answer_start", start).put("text", answer);
      qa.put("question", question).put("id", "q" + i);
    }
    Files.writeString(file, json.writeValueAsString(root));
    return file;
  }
}
