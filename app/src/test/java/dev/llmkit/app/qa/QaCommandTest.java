package dev.llmkit.app.qa;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.app.testing.CliRun;
import dev.llmkit.app.testing.TestModels;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.QuestionAnswerer;
import dev.llmkit.inference.qa.Answer;
import dev.llmkit.inference.qa.QaInput;
import dev.llmkit.inference.qa.QaOptions;
import dev.llmkit.inference.qa.QaPipeline;
import dev.llmkit.tokenization.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmkit qa} on a tiny random BERT QA head, against the pipeline API. */
class QaCommandTest {

  private static final Path MODEL = TestModels.tinyBert();
  private static final String DIR = MODEL.toString();
  private static final String QUESTION = "where does ada live?";
  // Emojis before every word: code-point and UTF-16 offsets of any answer differ.
  private static final String CONTEXT = "😀 ada lives in paris. 😀 alan lives in london.";

  private static List<Answer> library(QaOptions options) {
    try (NDManager base = NDManager.newBaseManager();
        Tokenizer tokenizer = Tokenizer.fromDirectory(MODEL);
        QuestionAnswerer model = EncoderModels.loadQuestionAnswerer(MODEL, base);
        QaPipeline qa =
            QaPipeline.builder().model(model).tokenizer(tokenizer).manager(base).build()) {
      return qa.run(List.of(new QaInput(QUESTION, CONTEXT)), options).get(0);
    }
  }

  private static void assertSameAnswer(JsonNode n, Answer a) {
    assertThat(CliRun.fieldNames(n))
        .containsExactly("score", "start", "end", "answer", "utf16_start", "utf16_end");
    assertThat(n.get("score").asDouble()).isEqualTo(a.score());
    assertThat(n.get("start").asInt()).isEqualTo(a.start());
    assertThat(n.get("end").asInt()).isEqualTo(a.end());
    assertThat(n.get("answer").asText()).isEqualTo(a.answer());
    assertThat(n.get("utf16_start").asInt()).isEqualTo(a.utf16Start());
    assertThat(n.get("utf16_end").asInt()).isEqualTo(a.utf16End());
  }

  @Test
  void oneAnswerIsAnObjectEqualToThePipeline() {
    CliRun run = CliRun.of("qa", "--model", DIR, "--question", QUESTION, "--context", CONTEXT);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.json().isObject()).isTrue();
    assertSameAnswer(run.json(), library(QaOptions.defaults()).get(0));
  }

  @Test
  void answerOffsetsAreCodePointsAndUtf16UnitsOfTheContext() {
    JsonNode a =
        CliRun.of("qa", "--model", DIR, "--question", QUESTION, "--context", CONTEXT).json();

    int utf16Start = a.get("utf16_start").asInt();
    int utf16End = a.get("utf16_end").asInt();
    assertThat(CONTEXT.substring(utf16Start, utf16End)).isEqualTo(a.get("answer").asText());
    assertThat(a.get("start").asInt()).isEqualTo(CONTEXT.codePointCount(0, utf16Start));
    assertThat(a.get("end").asInt()).isEqualTo(CONTEXT.codePointCount(0, utf16End));
    assertThat(a.get("answer").asText()).isNotEmpty();
    // Every word of the context comes after at least one emoji: the two offsets must differ.
    assertThat(utf16Start).isGreaterThan(a.get("start").asInt());
  }

  @Test
  void topKGivesAListEqualToThePipelineWithSmallWindows() {
    CliRun run =
        CliRun.of(
            "qa",
            "--model",
            DIR,
            "--question",
            QUESTION,
            "--context",
            CONTEXT,
            "--top-k",
            "3",
            "--max-seq-len",
            "16",
            "--doc-stride",
            "4",
            "--max-answer-len",
            "3");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<Answer> expected =
        library(QaOptions.builder().topK(3).maxSeqLen(16).docStride(4).maxAnswerLen(3).build());
    JsonNode json = run.json();
    assertThat(json.isArray()).isTrue();
    assertThat(json).hasSize(expected.size()).hasSize(3);
    for (int i = 0; i < expected.size(); i++) {
      assertSameAnswer(json.get(i), expected.get(i));
    }
  }

  @Test
  void impossibleAnswerHandlingEqualsThePipeline() {
    CliRun run =
        CliRun.of(
            "qa",
            "--model",
            DIR,
            "--question",
            QUESTION,
            "--context",
            CONTEXT,
            "--handle-impossible-answer",
            "--top-k",
            "2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<Answer> expected =
        library(QaOptions.builder().topK(2).handleImpossibleAnswer(true).build());
    for (int i = 0; i < expected.size(); i++) {
      assertSameAnswer(run.json().get(i), expected.get(i));
    }
  }

  @Test
  void contextFileGivesTheSameAnswerAsTheInlineContext(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("context.txt"), CONTEXT);

    CliRun fromFile =
        CliRun.of("qa", "--model", DIR, "--question", QUESTION, "--context-file", file.toString());
    CliRun inline = CliRun.of("qa", "--model", DIR, "--question", QUESTION, "--context", CONTEXT);

    assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
    assertThat(fromFile.out()).isEqualTo(inline.out());
  }

  @Test
  void contextAndContextFileTogetherAreBadInput() {
    CliRun run =
        CliRun.of(
            "qa",
            "--model",
            DIR,
            "--question",
            QUESTION,
            "--context",
            CONTEXT,
            "--context-file",
            "x.txt");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("mutually exclusive");
  }

  @Test
  void missingQuestionIsBadInput() {
    CliRun run = CliRun.of("qa", "--model", DIR, "--context", CONTEXT);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).doesNotContain("\n").contains("--question");
  }

  @Test
  void unreadableContextFileIsBadInput() {
    CliRun run =
        CliRun.of("qa", "--model", DIR, "--question", QUESTION, "--context-file", "/no/such.txt");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("cannot read --context-file /no/such.txt");
  }

  @Test
  void strideLargerThanTheWindowIsBadInput() {
    CliRun run =
        CliRun.of(
            "qa",
            "--model",
            DIR,
            "--question",
            QUESTION,
            "--context",
            CONTEXT,
            "--max-seq-len",
            "16",
            "--doc-stride",
            "20");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("`doc_stride` (20) is larger than `max_seq_len` (16)");
  }

  @Test
  void emptyContextIsBadInput() {
    CliRun run = CliRun.of("qa", "--model", DIR, "--question", QUESTION, "--context", "");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("`context` cannot be empty");
  }

  @Test
  void gpt2CheckpointIsAModelProblem(@TempDir Path tmp) throws Exception {
    Files.writeString(
        tmp.resolve("config.json"),
        "{\"architectures\":[\"GPT2LMHeadModel\"],\"model_type\":\"gpt2\"}");
    Files.copy(MODEL.resolve("vocab.txt"), tmp.resolve("vocab.txt"));

    CliRun run =
        CliRun.of("qa", "--model", tmp.toString(), "--question", QUESTION, "--context", CONTEXT);

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("gpt2");
  }

  @Test
  void withoutModelTheBundledDefaultFindsTheAnswerSpan() {
    String context =
        "Ada Lovelace was an English mathematician. In 1835 she married William King, and they"
            + " lived in London.";
    CliRun run =
        CliRun.of("qa", "--question", "Whom did Ada Lovelace marry?", "--context", context);

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode answer = run.json();
    assertThat(answer.get("answer").asText()).isEqualTo("William King");
    // Offsets index the original context.
    assertThat(context.substring(answer.get("start").asInt(), answer.get("end").asInt()))
        .isEqualTo("William King");
  }
}
