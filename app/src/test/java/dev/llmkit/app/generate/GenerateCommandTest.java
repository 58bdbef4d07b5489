package dev.llmkit.app.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.app.testing.CliRun;
import dev.llmkit.app.testing.TinyGpt2;
import dev.llmkit.inference.generation.GenerationOptions;
import dev.llmkit.inference.generation.GenerationResult;
import dev.llmkit.inference.generation.TextCodec;
import dev.llmkit.inference.generation.TextGenerator;
import dev.llmkit.inference.gpt2.Gpt2Model;
import dev.llmkit.tokenization.Tokenizer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmkit generate} on tiny GPT-2 checkpoints with the real vocabulary. */
class GenerateCommandTest {

  private static final String PROMPT = "It was a dark and stormy night";

  @TempDir static Path tmp;
  private static String model;
  private static String eosModel;

  @BeforeAll
  static void writeModels() {
    model = TinyGpt2.random(tmp.resolve("random")).toString();
    eosModel = TinyGpt2.alwaysEos(tmp.resolve("eos")).toString();
  }

  private static GenerationResult library(String dir, GenerationOptions options) {
    Path path = Path.of(dir);
    try (NDManager base = NDManager.newBaseManager();
        Tokenizer tokenizer = Tokenizer.fromDirectory(path);
        Gpt2Model gpt2 = Gpt2Model.load(path, base)) {
      return TextGenerator.builder()
          .model(gpt2)
          .codec(TextCodec.of(tokenizer))
          .build()
          .generate(PROMPT, options)
          .get(0);
    }
  }

  private static Path copyOfRandomModel(String name) throws java.io.IOException {
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir);
    try (var files = Files.list(Path.of(model))) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    return dir;
  }

  private static List<Long> tokens(JsonNode json) {
    List<Long> ids = new ArrayList<>();
    json.get("details").get("tokens").forEach(t -> ids.add(t.asLong()));
    return ids;
  }

  @Test
  void greedyOutputHasTheTextGenerationShapeAndEqualsTheGenerator() {
    CliRun run = CliRun.of("generate", "--model", model, "--max-new-tokens", "5", PROMPT);

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = run.json();
    assertThat(CliRun.fieldNames(json)).containsExactly("generated_text", "details");
    assertThat(CliRun.fieldNames(json.get("details"))).containsExactly("finish_reason", "tokens");
    assertThat(json.get("details").get("finish_reason").asText()).isEqualTo("length");
    GenerationResult expected = library(model, GenerationOptions.builder().maxNewTokens(5).build());
    assertThat(json.get("generated_text").asText())
        .isEqualTo(expected.generatedText())
        .startsWith(PROMPT);
    assertThat(tokens(json)).hasSize(5).isEqualTo(expected.details().tokens());
  }

  @Test
  void topNTokensAddsTgisTopTokensWithTheGreedyPickFirstAtEachStep() {
    CliRun run =
        CliRun.of(
            "generate", "--model", model, "--max-new-tokens", "3", "--top-n-tokens", "4", PROMPT);

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode details = run.json().get("details");
    assertThat(CliRun.fieldNames(details)).containsExactly("finish_reason", "tokens", "top_tokens");
    JsonNode top = details.get("top_tokens");
    assertThat(top).hasSize(3);
    for (int step = 0; step < 3; step++) {
      JsonNode alternatives = top.get(step);
      assertThat(alternatives).hasSize(4);
      assertThat(CliRun.fieldNames(alternatives.get(0)))
          .containsExactly("id", "text", "logprob", "special");
      // Greedy: the pick is the most likely token, and the list is sorted.
      assertThat(alternatives.get(0).get("id").asLong()).isEqualTo(tokens(run.json()).get(step));
      for (int j = 1; j < 4; j++) {
        assertThat(alternatives.get(j).get("logprob").asDouble())
            .isLessThanOrEqualTo(alternatives.get(j - 1).get("logprob").asDouble());
      }
    }
  }

  @Test
  void tooManyTopNTokensExitsWith2() {
    CliRun run = CliRun.of("generate", "--model", model, "--top-n-tokens", "21", PROMPT);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("top_n_tokens must be between 0 and 20, got 21");
  }

  @Test
  void stopSequenceCutsTheTextAndReportsStopSequence() {
    String continuation =
        CliRun.of("generate", "--model", model, "--max-new-tokens", "8", "--no-full-text", PROMPT)
            .json()
            .get("generated_text")
            .asText();
    assertThat(continuation.length()).isGreaterThanOrEqualTo(2);
    String stop = continuation.substring(continuation.length() / 2);

    JsonNode json =
        CliRun.of("generate", "--model", model, "--max-new-tokens", "8", "--stop", stop, PROMPT)
            .json();

    assertThat(json.get("details").get("finish_reason").asText()).isEqualTo("stop_sequence");
    assertThat(json.get("generated_text").asText())
        .isEqualTo(PROMPT + continuation.substring(0, continuation.indexOf(stop)));
  }

  @Test
  void endOfTextReportsEosTokenAndKeepsItsIdInTokens() {
    CliRun run = CliRun.of("generate", "--model", eosModel, "--max-new-tokens", "5", PROMPT);

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("details").get("finish_reason").asText()).isEqualTo("eos_token");
    assertThat(tokens(json)).containsExactly(50256L);
    assertThat(json.get("generated_text").asText()).isEqualTo(PROMPT);
  }

  @Test
  void streamPrintsTheTextAsItComesThenTheJsonOnTheLastLine() throws Exception {
    CliRun run =
        CliRun.of("generate", "--model", model, "--max-new-tokens", "6", "--stream", PROMPT);

    assertThat(run.exitCode()).as(run.err()).isZero();
    String out = run.out();
    String nl = System.lineSeparator();
    assertThat(out).endsWith(nl);
    String body = out.substring(0, out.length() - nl.length());
    int lastLine = body.lastIndexOf(nl);
    JsonNode json = new ObjectMapper().readTree(body.substring(lastLine + nl.length()));
    assertThat(body.substring(0, lastLine)).isEqualTo(json.get("generated_text").asText());
    assertThat(json.get("details").get("finish_reason").asText()).isEqualTo("length");
  }

  @Test
  void seededSamplingIsReproducibleAndEqualsTheGenerator() {
    String[] args = {
      "generate",
      "--model",
      model,
      "--max-new-tokens",
      "6",
      "--temperature",
      "0.9",
      "--top-k",
      "40",
      "--top-p",
      "0.95",
      "--seed",
      "7",
      "--repetition-penalty",
      "1.3",
      PROMPT
    };
    CliRun first = CliRun.of(args);
    CliRun second = CliRun.of(args);

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(second.out()).isEqualTo(first.out());
    GenerationResult expected =
        library(
            model,
            GenerationOptions.builder()
                .maxNewTokens(6)
                .doSample(true)
                .temperature(0.9)
                .topK(40)
                .topP(0.95)
                .seed(7L)
                .repetitionPenalty(1.3)
                .build());
    assertThat(first.json().get("generated_text").asText()).isEqualTo(expected.generatedText());
    assertThat(tokens(first.json())).isEqualTo(expected.details().tokens());
  }

  @Test
  void noFullTextLeavesThePromptOut() {
    JsonNode full = CliRun.of("generate", "--model", model, "--max-new-tokens", "4", PROMPT).json();
    JsonNode tail =
        CliRun.of("generate", "--model", model, "--max-new-tokens", "4", "--no-full-text", PROMPT)
            .json();

    assertThat(PROMPT + tail.get("generated_text").asText())
        .isEqualTo(full.get("generated_text").asText());
  }

  @Test
  void dashReadsThePromptFromStandardInput() {
    var stdin = new ByteArrayInputStream((PROMPT + "\n").getBytes(StandardCharsets.UTF_8));
    CliRun fromStdin =
        CliRun.command(new GenerateCommand(stdin), "--model", model, "--max-new-tokens", "3", "-");

    assertThat(fromStdin.out())
        .isEqualTo(CliRun.of("generate", "--model", model, "--max-new-tokens", "3", PROMPT).out());
  }

  @Test
  void theModelsGenerationConfigFillsWhatTheCommandLineLeavesOut() throws Exception {
    Path dir = copyOfRandomModel("with-generation-config");
    // top_k 1 makes sampling deterministic, so the result can be compared with the library's.
    Files.writeString(
        dir.resolve("generation_config.json"),
        "{\"max_new_tokens\": 4, \"do_sample\": true, \"top_k\": 1,"
            + " \"repetition_penalty\": 1.5, \"bos_token_id\": 50256}");

    CliRun run = CliRun.of("generate", "--model", dir.toString(), PROMPT);

    assertThat(run.exitCode()).as(run.err()).isZero();
    GenerationOptions fromFile =
        GenerationOptions.builder()
            .maxNewTokens(4)
            .doSample(true)
            .topK(1)
            .repetitionPenalty(1.5)
            .build();
    assertThat(tokens(run.json()))
        .hasSize(4)
        .isEqualTo(library(model, fromFile).details().tokens());

    CliRun overridden =
        CliRun.of(
            "generate", "--model", dir.toString(), "--greedy", "--max-new-tokens", "2", PROMPT);
    GenerationOptions fromCommandLine =
        GenerationOptions.builder().maxNewTokens(2).repetitionPenalty(1.5).build();
    assertThat(tokens(overridden.json()))
        .isEqualTo(library(model, fromCommandLine).details().tokens());
  }

  @Test
  void aBrokenGenerationConfigIsAModelProblem() throws Exception {
    Path dir = copyOfRandomModel("broken-generation-config");
    Files.writeString(dir.resolve("generation_config.json"), "{\"top_p\": 7}");

    CliRun run = CliRun.of("generate", "--model", dir.toString(), PROMPT);

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("generation_config.json").contains("top_p");
  }

  @Test
  void greedyWithSamplingOptionsIsBadInput() {
    CliRun run = CliRun.of("generate", "--model", model, "--greedy", "--seed", "1", PROMPT);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--greedy cannot be combined");
  }

  @Test
  void outOfRangeOptionsAreBadInputWithHuggingFaceWording() {
    CliRun run = CliRun.of("generate", "--model", model, "--top-p", "1.5", PROMPT);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("top_p must be in (0, 1]").doesNotContain("\tat ");
  }

  @Test
  void promptFillingTheContextIsBadInput() {
    CliRun run = CliRun.of("generate", "--model", model, "word ".repeat(40));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("leaving no room to generate");
  }

  @Test
  void encoderCheckpointIsAModelProblem() {
    CliRun run =
        CliRun.of(
            "generate", "--model", dev.llmkit.app.testing.TestModels.tinyBert().toString(), PROMPT);

    assertThat(run.exitCode()).isEqualTo(3);
  }
}
