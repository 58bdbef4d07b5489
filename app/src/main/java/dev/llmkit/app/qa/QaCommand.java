package dev.llmkit.app.qa;

import dev.llmkit.app.cli.CliJson;
import dev.llmkit.app.cli.ModelOptions;
import dev.llmkit.inference.defaults.DefaultTask;
import dev.llmkit.inference.device.Placement;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.QuestionAnswerer;
import dev.llmkit.inference.qa.Answer;
import dev.llmkit.inference.qa.QaInput;
import dev.llmkit.inference.qa.QaOptions;
import dev.llmkit.inference.qa.QaPipeline;
import dev.llmkit.inference.runtime.LoadedModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code llmkit qa}: extractive question answering in Hugging Face's shape (<a
 * href="https://github.com/huggingface/transformers/blob/v4.53.0/src/transformers/pipelines/question_answering.py">question_answering.py</a>).
 */
@Command(
    name = "qa",
    mixinStandardHelpOptions = true,
    description = {
      "Answers a question with a span of the context (extractive QA).",
      "Prints the Hugging Face pipeline's JSON: one answer, or a list with --top-k > 1.",
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  llmkit qa --question \"Where do I live?\" --context \"My name is Wolfgang and I live in Berlin\"",
      "  llmkit qa --top-k 3 --question \"Who wrote it?\" --context-file chapter.txt",
      "  llmkit qa --model deepset/roberta-base-squad2 --handle-impossible-answer \\",
      "      --question \"What is the capital of Mars?\" --context-file notes.txt",
      "",
      "Output (one line; start/end count Unicode code points of the context, as Python",
      "slices it; utf16_start/utf16_end count UTF-16 units, as Java and JavaScript do):",
      "  {\"score\":0.97,\"start\":33,\"end\":39,\"answer\":\"Berlin\",\"utf16_start\":33,\"utf16_end\":39}",
      "No answer (--handle-impossible-answer): {\"score\":...,\"start\":0,\"end\":0,\"answer\":\"\",...}",
      "Exit codes: 0 ok, 2 bad input, 3 model not found or not loadable.",
    })
public final class QaCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ModelOptions modelOptions;

  @Option(names = "--question", required = true, paramLabel = "Q", description = "The question.")
  private String question;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private ContextSource context;

  /** The context, given inline or as a file. */
  static final class ContextSource {
    @Option(names = "--context", paramLabel = "C", description = "The text holding the answer.")
    String text;

    @Option(
        names = "--context-file",
        paramLabel = "F",
        description = "A UTF-8 file holding the answer.")
    Path file;
  }

  @Option(
      names = "--top-k",
      paramLabel = "K",
      defaultValue = "1",
      description = "How many answers, best first. Default: ${DEFAULT-VALUE}.")
  private int topK;

  @Option(
      names = "--max-seq-len",
      paramLabel = "N",
      description = "Window length in tokens, question included. Default: min(model maximum, 384).")
  private Integer maxSeqLen;

  @Option(
      names = "--doc-stride",
      paramLabel = "S",
      description = "Context tokens shared by consecutive windows. Default: min(N / 2, 128).")
  private Integer docStride;

  @Option(
      names = "--max-answer-len",
      paramLabel = "N",
      defaultValue = "15",
      description = "Longest answer in tokens. Default: ${DEFAULT-VALUE}.")
  private int maxAnswerLen;

  @Option(
      names = "--max-question-len",
      paramLabel = "N",
      defaultValue = "64",
      description = "Questions longer than N tokens are cut. Default: ${DEFAULT-VALUE}.")
  private int maxQuestionLen;

  @Option(
      names = "--handle-impossible-answer",
      description = "Let the empty answer (\"not in the context\") compete with the spans.")
  private boolean handleImpossibleAnswer;

  /**
   * The pipeline options the command line asks for.
   *
   * @throws IllegalArgumentException for values Hugging Face rejects
   */
  QaOptions options() {
    QaOptions.Builder b =
        QaOptions.builder()
            .topK(topK)
            .maxAnswerLen(maxAnswerLen)
            .maxQuestionLen(maxQuestionLen)
            .handleImpossibleAnswer(handleImpossibleAnswer);
    if (maxSeqLen != null) {
      b.maxSeqLen(maxSeqLen);
    }
    if (docStride != null) {
      b.docStride(docStride);
    }
    return b.build();
  }

  @Override
  public Integer call() {
    QaOptions options = options();
    modelOptions.validate();
    QaInput input = new QaInput(question, contextText());
    Path dir = modelOptions.modelDirectory(DefaultTask.QA);
    Placement placement = modelOptions.placement();
    List<Answer> answers;
    try (LoadedModel<QuestionAnswerer> m =
            LoadedModel.load(dir, placement, EncoderModels::loadQuestionAnswerer);
        QaPipeline qa =
            QaPipeline.builder()
                .model(m.model())
                .tokenizer(m.tokenizer())
                .manager(m.manager())
                .build()) {
      answers = qa.run(List.of(input), options).get(0);
    }
    List<QaJson> json = answers.stream().map(QaJson::of).toList();
    CliJson.print(spec.commandLine().getOut(), topK == 1 && json.size() == 1 ? json.get(0) : json);
    return 0;
  }

  private String contextText() {
    if (context.text != null) {
      return context.text;
    }
    try {
      return Files.readString(context.file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "cannot read --context-file " + context.file + ": " + e, e);
    }
  }
}
