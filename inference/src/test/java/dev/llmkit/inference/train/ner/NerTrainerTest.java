package dev.llmkit.inference.train.ner;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.TokenClassifier;
import dev.llmkit.inference.train.StepStats;
import dev.llmkit.inference.train.TinyModels;
import dev.llmkit.inference.train.TrainingConfig;
import dev.llmkit.inference.train.TrainingListener;
import dev.llmkit.tokenization.Tokenizer;
import dev.llmkit.inference.peft.LoraConfig;
import dev.llmkit.inference.peft.PeftAdapter;
import dev.llmkit.inference.safetensors.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NerTrainerTest {

  @Test
  void firstSubTokensCarryTheWordLabelsAndTheRestIsIgnored(@TempDir Path dir) throws IOException {
    try (Tokenizer tokenizer = Tokenizer.fromDirectory(TinyModels.tinyBert(dir))) {
      // "banks" = bank ##s: the label goes on "bank" only; [CLS] and [SEP] are ignored.
      NerFeatures f =
          NerFeatures.encode(tokenizer, List.of("Anna", "banks", "Oslo"), new int[] {7, 0, 1}, 64);

      assertThat(f.ids()).containsExactly(2, 5, 16, 26, 9, 3);
      assertThat(f.labels()).containsExactly(-100, 7, 0, -100, 1, -100);
      assertThat(f.firstToken()).containsExactly(1, 2, 4);
    }
  }

  @Test
  void truncationKeepsTheClosingSpecialTokenAndDropsTheCutWords(@TempDir Path dir)
      throws IOException {
    try (Tokenizer tokenizer = Tokenizer.fromDirectory(TinyModels.tinyBert(dir))) {
      NerFeatures f =
          NerFeatures.encode(tokenizer, List.of("anna", "bob", "carl"), new int[] {1, 2, 3}, 4);

      assertThat(f.ids()).containsExactly(2, 5, 6, 3);
      assertThat(f.labels()).containsExactly(-100, 1, 2, -100);
      assertThat(f.firstToken()).containsExactly(1, 2, -1);
    }
  }

  @Test
  void fineTuningOnAToySetLowersTheLossAndWritesALoadableModel(@TempDir Path dir)
      throws IOException {
    Path base = TinyModels.tinyBert(dir.resolve("base"));
    Path train = TinyModels.toyConll(dir.resolve("train.txt"), 160, 1);
    Path dev = TinyModels.toyConll(dir.resolve("dev.txt"), 40, 2);
    Path out = dir.resolve("out");
    List<Double> losses = new ArrayList<>();

    NerTrainingReport report =
        NerTrainer.builder()
            .base(base)
            .train(train)
            .dev(dev)
            .output(out)
            .training(
                TrainingConfig.builder().epochs(8).batchSize(16).learningRate(3e-3).seed(1).build())
            .listener(
                new TrainingListener() {
                  @Override
                  public void onStep(StepStats s) {
                    losses.add(s.loss());
                  }
                })
            .build()
            .run();

    assertThat(report.labels())
        .containsExactly("O", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-PER", "I-PER");
    assertThat(losses).hasSize(80);
    double first = losses.subList(0, 10).stream().mapToDouble(d -> d).average().orElseThrow();
    double last = losses.subList(70, 80).stream().mapToDouble(d -> d).average().orElseThrow();
    assertThat(last).isLessThan(first * 0.5);
    // The toy entities are fully determined by the words: the saved model finds them.
    assertThat(report.dev().overall().f1()).isGreaterThan(0.9);

    JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
    assertThat(config.path("architectures").get(0).asText())
        .isEqualTo("BertForTokenClassification");
    assertThat(config.path("id2label").path("5").asText()).isEqualTo("B-PER");
    assertThat(config.path("label2id").path("I-ORG").asInt()).isEqualTo(4);
    assertThat(out.resolve("vocab.txt")).exists();
    try (NDManager manager = NDManager.newBaseManager();
        TokenClassifier loaded = EncoderModels.loadTokenClassifier(out, manager)) {
      assertThat(loaded.labels().names()).isEqualTo(report.labels());
    }
  }

  @Test
  void loraTrainsOnlyAdaptersAndTheHeadAndSavesAPeftAdapterThatLoadsMerged(@TempDir Path dir)
      throws IOException {
    Path base = TinyModels.tinyBert(dir.resolve("base"));
    Path train = TinyModels.toyConll(dir.resolve("train.txt"), 160, 1);
    Path dev = TinyModels.toyConll(dir.resolve("dev.txt"), 40, 2);
    Path out = dir.resolve("adapter");
    LoraConfig lora =
        new LoraConfig(
            base.toString(), 4, 8, 0.0, List.of("query", "value", "dense"), List.of(), null);

    NerTrainingReport report =
        NerTrainer.builder()
            .base(base)
            .train(train)
            .dev(dev)
            .output(out)
            .lora(lora)
            .training(
                TrainingConfig.builder().epochs(8).batchSize(16).learningRate(1e-2).seed(1).build())
            .build()
            .run();

    assertThat(report.dev().overall().f1()).isGreaterThan(0.9);
    assertThat(out.resolve("model.safetensors")).doesNotExist();
    LoraConfig saved = LoraConfig.read(out);
    assertThat(saved.modulesToSave()).containsExactly("classifier");
    assertThat(saved.taskType()).isEqualTo("TOKEN_CLS");
    assertThat(saved.baseModelNameOrPath()).isEqualTo(base.toString());
    try (SafetensorsFile st = SafetensorsFile.open(out.resolve(PeftAdapter.WEIGHTS))) {
      assertThat(st.names())
          .allMatch(n -> n.startsWith("base_model.model."))
          .allMatch(n -> n.contains(".lora_") || n.startsWith("base_model.model.classifier."));
    }
    // The base directory is untouched: the adapter alone carries what was learned.
    try (NDManager manager = NDManager.newBaseManager();
        TokenClassifier loaded = EncoderModels.loadTokenClassifier(out, manager)) {
      assertThat(loaded.labels().names()).isEqualTo(report.labels());
    }
  }
}
