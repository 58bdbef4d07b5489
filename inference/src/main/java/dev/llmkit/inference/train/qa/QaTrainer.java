package dev.llmkit.inference.train.qa;

import ai.djl.engine.Engine;
import dev.llmkit.inference.data.SquadExample;
import dev.llmkit.inference.data.SquadReader;
import dev.llmkit.inference.device.Placement;
import dev.llmkit.inference.eval.SquadEvaluator;
import dev.llmkit.inference.eval.SquadScores;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.QuestionAnswerer;
import dev.llmkit.inference.nn.Linear;
import dev.llmkit.inference.qa.Answer;
import dev.llmkit.inference.qa.QaInput;
import dev.llmkit.inference.qa.QaOptions;
import dev.llmkit.inference.qa.QaPipeline;
import dev.llmkit.inference.runtime.LoadedModel;
import dev.llmkit.inference.train.EncoderTrainerBuilder;
import dev.llmkit.inference.train.EncoderTrainerBuilder.EncoderSetup;
import dev.llmkit.inference.train.EncoderTraining;
import dev.llmkit.inference.train.NamedParameter;
import dev.llmkit.inference.train.TrainingConfig;
import dev.llmkit.inference.train.TrainingResult;
import dev.llmkit.inference.train.TrainingRun;
import dev.llmkit.tokenization.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fine-tunes a BERT-family encoder for extractive QA on SQuAD v1.1 JSON and writes a {@code
 * ...ForQuestionAnswering} model directory. Mirrors Hugging Face's {@code run_qa.py}: windows with
 * a document stride, start/end positions through offsets, the classifier token for windows without
 * the answer, the mean of start and end cross-entropies; evaluation decodes answers with llmkit's
 * question-answering pipeline and scores them with the official SQuAD v1.1 metric.
 */
public final class QaTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(QaTrainer.class);

  private final Builder b;
  private final TrainingRun run;

  private QaTrainer(Builder builder, TrainingRun run) {
    this.b = builder;
    this.run = run;
  }

  /** A builder; {@code base}, {@code train} and {@code output} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Trains (or resumes), saves the model if the run completes, and scores it on the dev file. */
  public QaTrainingReport run() {
    List<SquadExample> train = SquadReader.read(b.train);
    Engine.getInstance().setRandomSeed((int) run.training().seed());
    TrainingResult result;
    int windowCount;
    try (EncoderSetup setup =
        b.encoderSetup(b.base, run.placement(), "qa_outputs", 2, "QUESTION_ANS")) {
      Encoder encoder = setup.encoder();
      Tokenizer tokenizer = setup.model().tokenizer();
      int maxLength = Math.min(b.maxLength, encoder.maxSequenceLength());
      Linear head = setup.head("qa_outputs", 2);
      List<QaFeatures> windows = new ArrayList<>();
      for (SquadExample e : train) {
        windows.addAll(QaFeatures.windows(tokenizer, e, maxLength, b.docStride));
      }
      windowCount = windows.size();
      LOG.info(
          "{} questions, {} windows of at most {} tokens", train.size(), windowCount, maxLength);
      List<NamedParameter> trainable = EncoderTraining.trainable(encoder, setup.frozen());
      QuestionAnswerer model = new QuestionAnswerer(encoder, head);
      long pad = tokenizer.specialTokens().pad().orElse(0);
      result = run.trainer().fit(new QaTask(model, windows, trainable, pad));
      if (!result.finished()) {
        return new QaTrainingReport(result, train.size(), windowCount, null, null);
      }
      setup.save(
          run,
          "ForQuestionAnswering",
          (config, architecture) -> config.putArray("architectures").add(architecture));
    }
    SquadScores dev =
        b.dev.isEmpty()
            ? null
            : evaluate(
                run.output(), run.placement(), SquadReader.read(b.dev), QaOptions.defaults());
    return new QaTrainingReport(result, train.size(), windowCount, dev, run.output());
  }

  /**
   * Answers every question with a saved QA model, with its own tokenizer, and scores the answers
   * (SQuAD v1.1).
   */
  public static SquadScores evaluate(
      Path model, Placement placement, List<SquadExample> examples, QaOptions options) {
    try (LoadedModel<QuestionAnswerer> qa =
            LoadedModel.load(model, placement, EncoderModels::loadQuestionAnswerer);
        QaPipeline pipeline =
            QaPipeline.builder()
                .model(qa.model())
                .tokenizer(qa.tokenizer())
                .manager(qa.manager())
                .build()) {
      Map<String, String> predictions = new HashMap<>();
      int chunk = 64;
      for (int from = 0; from < examples.size(); from += chunk) {
        List<SquadExample> part = examples.subList(from, Math.min(from + chunk, examples.size()));
        List<List<Answer>> answers =
            pipeline.run(
                part.stream().map(e -> new QaInput(e.question(), e.context())).toList(), options);
        for (int i = 0; i < part.size(); i++) {
          List<Answer> best = answers.get(i);
          predictions.put(part.get(i).id(), best.isEmpty() ? "" : best.get(0).answer());
        }
      }
      return SquadEvaluator.evaluate(examples, predictions);
    }
  }

  /** Builder for {@link QaTrainer}; training defaults: 2 epochs, batch 16, learning rate 5e-5. */
  public static final class Builder extends EncoderTrainerBuilder<Builder> {
    private Path base;
    private List<Path> train = List.of();
    private List<Path> dev = List.of();
    private int maxLength = 384;
    private int docStride = 128;

    private Builder() {
      super(TrainingConfig.builder().epochs(2).batchSize(16).learningRate(5e-5).build());
    }

    /** The encoder to fine-tune: a HF model directory with config, weights and tokenizer. */
    public Builder base(Path base) {
      this.base = base;
      return this;
    }

    /** SQuAD v1.1 training files (question ids unique across them). */
    public Builder train(List<Path> train) {
      this.train = List.copyOf(train);
      return this;
    }

    /** SQuAD dev files, scored after training (optional). */
    public Builder dev(List<Path> dev) {
      this.dev = List.copyOf(dev);
      return this;
    }

    /** Window length in tokens, question and special tokens included (default 384). */
    public Builder maxLength(int maxLength) {
      this.maxLength = maxLength;
      return this;
    }

    /** Context tokens shared by consecutive windows (default 128). */
    public Builder docStride(int docStride) {
      this.docStride = docStride;
      return this;
    }

    /** Builds the trainer. */
    public QaTrainer build() {
      Objects.requireNonNull(base, "base");
      if (train.isEmpty()) {
        throw new IllegalArgumentException("no training files");
      }
      if (docStride < 0 || docStride >= maxLength) {
        throw new IllegalArgumentException("docStride must be in [0, maxLength)");
      }
      return new QaTrainer(this, run());
    }
  }
}
