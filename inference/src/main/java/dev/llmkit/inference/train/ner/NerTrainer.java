package dev.llmkit.inference.train.ner;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.inference.data.ConllDataset;
import dev.llmkit.inference.data.ConllReader;
import dev.llmkit.inference.data.ConllSentence;
import dev.llmkit.inference.data.DataFormatException;
import dev.llmkit.inference.device.Placement;
import dev.llmkit.inference.eval.NerEvaluator;
import dev.llmkit.inference.eval.NerScores;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.TokenClassifier;
import dev.llmkit.inference.nn.Linear;
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
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fine-tunes a BERT-family encoder for NER on CoNLL column data (IOB1 or IOB2, labels read from the
 * data) and writes a {@code ...ForTokenClassification} model directory with {@code id2label}.
 * Mirrors Hugging Face's {@code run_ner.py}: labels on first sub-tokens, cross-entropy, AdamW with
 * linear warm-up and decay, word-level evaluation with conlleval/seqeval scoring.
 *
 * <p>The encoder runs without dropout (llmkit's encoders are inference graphs), unlike the HF
 * recipe's 0.1.
 */
public final class NerTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(NerTrainer.class);

  private final Builder b;
  private final TrainingRun run;

  private NerTrainer(Builder builder, TrainingRun run) {
    this.b = builder;
    this.run = run;
  }

  /** A builder; {@code base}, {@code train} and {@code output} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Trains (or resumes), saves the model if the run completes, and scores it on the dev file. */
  public NerTrainingReport run() {
    ConllDataset train = ConllReader.lastColumn().read(b.train);
    ConllDataset dev = b.dev == null ? null : ConllReader.lastColumn().read(b.dev);
    List<String> labels = train.labels();
    if (dev != null && !labels.containsAll(dev.labels())) {
      List<String> unknown = new ArrayList<>(dev.labels());
      unknown.removeAll(labels);
      throw new DataFormatException(b.dev + ": labels " + unknown + " do not occur in " + b.train);
    }
    LOG.info(
        "{}: {} sentences, labels {} ({} input)",
        b.train,
        train.sentences().size(),
        labels,
        train.sourceScheme());
    Engine.getInstance().setRandomSeed((int) run.training().seed());
    TrainingResult result;
    int featureCount;
    try (EncoderSetup setup =
        b.encoderSetup(b.base, run.placement(), "classifier", 0, "TOKEN_CLS")) {
      Encoder encoder = setup.encoder();
      Tokenizer tokenizer = setup.model().tokenizer();
      int maxLength = Math.min(b.maxLength, encoder.maxSequenceLength());
      Linear classifier = setup.head("classifier", labels.size());
      List<NerFeatures> features = new ArrayList<>(train.sentences().size());
      for (ConllSentence s : train.sentences()) {
        int[] ids = s.tags().stream().mapToInt(labels::indexOf).toArray();
        features.add(NerFeatures.encode(tokenizer, s.tokens(), ids, maxLength));
      }
      featureCount = features.size();
      List<NamedParameter> trainable = EncoderTraining.trainable(encoder, setup.frozen());
      result = run.trainer().fit(new NerTask(encoder, classifier, features, trainable));
      if (!result.finished()) {
        return new NerTrainingReport(result, labels, featureCount, null, null);
      }
      setup.save(
          run,
          "ForTokenClassification",
          (config, architecture) -> labelConfig(config, architecture, labels));
    }
    NerScores scores =
        dev == null ? null : evaluate(run.output(), run.placement(), dev, b.maxLength);
    return new NerTrainingReport(result, labels, featureCount, scores, run.output());
  }

  /** Scores a saved token-classification model, with its own tokenizer, on CoNLL data. */
  public static NerScores evaluate(
      Path model, Placement placement, ConllDataset data, int maxLength) {
    try (LoadedModel<TokenClassifier> ner =
        LoadedModel.load(model, placement, EncoderModels::loadTokenClassifier)) {
      List<List<String>> words = data.sentences().stream().map(ConllSentence::tokens).toList();
      List<List<String>> gold = data.sentences().stream().map(ConllSentence::tags).toList();
      List<List<String>> predicted =
          new NerTagger(ner.model(), ner.tokenizer(), maxLength, 32).tag(words);
      return NerEvaluator.evaluate(gold, predicted);
    }
  }

  private static void labelConfig(ObjectNode config, String architecture, List<String> labels) {
    config.putArray("architectures").add(architecture);
    ObjectNode id2label = config.putObject("id2label");
    ObjectNode label2id = config.putObject("label2id");
    for (int i = 0; i < labels.size(); i++) {
      id2label.put(String.valueOf(i), labels.get(i));
      label2id.put(labels.get(i), i);
    }
  }

  /** Builder for {@link NerTrainer}; training defaults: 3 epochs, batch 32, learning rate 5e-5. */
  public static final class Builder extends EncoderTrainerBuilder<Builder> {
    private Path base;
    private Path train;
    private Path dev;
    private int maxLength = 128;

    private Builder() {
      super(TrainingConfig.builder().epochs(3).batchSize(32).learningRate(5e-5).build());
    }

    /** The encoder to fine-tune: a HF model directory with config, weights and tokenizer. */
    public Builder base(Path base) {
      this.base = base;
      return this;
    }

    /** CoNLL training file. */
    public Builder train(Path train) {
      this.train = train;
      return this;
    }

    /** CoNLL dev file, scored after training (optional). */
    public Builder dev(Path dev) {
      this.dev = dev;
      return this;
    }

    /** Longest input in tokens, special tokens included (default 128). */
    public Builder maxLength(int maxLength) {
      this.maxLength = maxLength;
      return this;
    }

    /** Builds the trainer. */
    public NerTrainer build() {
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(train, "train");
      if (maxLength < 3) {
        throw new IllegalArgumentException("maxLength must be at least 3");
      }
      return new NerTrainer(this, run());
    }
  }
}
