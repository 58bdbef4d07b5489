package dev.llmkit.inference.train.lm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.llmkit.inference.data.CorpusTokens;
import dev.llmkit.inference.data.TextCorpus;
import dev.llmkit.inference.eval.LmScores;
import dev.llmkit.inference.eval.TextPerplexity;
import dev.llmkit.inference.gpt2.Gpt2Config;
import dev.llmkit.inference.gpt2.Gpt2Model;
import dev.llmkit.inference.nn.Activation;
import dev.llmkit.inference.runtime.LoadedModel;
import dev.llmkit.inference.train.NamedParameter;
import dev.llmkit.inference.train.TokenizerExport;
import dev.llmkit.inference.train.TrainerBuilder;
import dev.llmkit.inference.train.TrainingConfig;
import dev.llmkit.inference.train.TrainingResult;
import dev.llmkit.inference.train.TrainingRun;
import dev.llmkit.tokenization.Tokenizer;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a GPT-2 language model on plain text, from scratch or from a base model, and writes a
 * Hugging Face model directory ({@code config.json}, {@code model.safetensors}, tokenizer files).
 * The end of every document is held back (see {@link TextCorpus}) and the saved model's
 * sliding-window perplexity on it is reported.
 */
public final class LmTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(LmTrainer.class);

  private final Builder b;
  private final TrainingRun run;

  private LmTrainer(Builder builder, TrainingRun run) {
    this.b = builder;
    this.run = run;
  }

  /** A builder; {@code trainFiles}, {@code output} and a base or an architecture are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Trains (or resumes), saves the model if the run completes, and evaluates it. */
  public LmTrainingReport run() {
    TextCorpus corpus = TextCorpus.read(b.trainFiles, b.validationFraction);
    Engine.getInstance().setRandomSeed((int) run.training().seed());
    try (LoadedModel<Gpt2Model> loaded = model()) {
      Gpt2Model model = loaded.model();
      Tokenizer tokenizer = loaded.tokenizer();
      long[] train = CorpusTokens.encode(tokenizer, corpus.train(), endOfText(tokenizer));
      LOG.info("{} training tokens from {} documents", train.length, corpus.train().size());
      int block =
          Math.min(b.context > 0 ? b.context : model.contextLength(), model.contextLength());
      LanguageModelTask task = new LanguageModelTask(model, train, block);
      long parameters =
          task.parameters().stream().map(NamedParameter::array).mapToLong(a -> a.size()).sum();
      LOG.info(
          "training {} parameters on {} blocks of {} tokens", parameters, task.blocks(), block);
      TrainingResult result = run.trainer().fit(task);
      if (!result.finished()) {
        return new LmTrainingReport(result, train.length, parameters, null, null);
      }
      Gpt2Export.save(model.config(), model.weights(), run.output(), run.saveDtype());
      if (b.base != null) {
        TokenizerExport.fromDirectory(b.base, run.output());
      } else {
        TokenizerExport.embedded("gpt2", run.output());
      }
      TokenizerExport.setModelMaxLength(run.output(), model.contextLength());
      LmScores validation = validate(corpus.validation());
      return new LmTrainingReport(result, train.length, parameters, validation, run.output());
    }
  }

  private static long endOfText(Tokenizer tokenizer) {
    return tokenizer
        .tokenToId("<|endoftext|>")
        .orElseThrow(() -> new IllegalArgumentException("tokenizer has no <|endoftext|>"));
  }

  private LmScores validate(List<String> documents) {
    if (documents.isEmpty()) {
      return null;
    }
    // Score the saved model, as every other command will load it.
    try (LoadedModel<Gpt2Model> loaded =
        LoadedModel.load(run.output(), run.placement(), Gpt2Model::load)) {
      Gpt2Model saved = loaded.model();
      Tokenizer tokenizer = loaded.tokenizer();
      int context = saved.contextLength();
      LmScores scores =
          TextPerplexity.evaluate(
              saved,
              tokenizer,
              documents,
              context,
              Math.max(1, context / 2),
              b.maxValidationTokens);
      LOG.info(
          "held-out text: perplexity {}, {} bits/byte over {} tokens",
          scores.perplexity(),
          scores.bitsPerByte(),
          scores.scoredTokens());
      return scores;
    }
  }

  /** The base model, or a fresh one on the embedded GPT-2 tokenizer. */
  private LoadedModel<Gpt2Model> model() {
    if (b.base != null) {
      return LoadedModel.load(b.base, run.placement(), Gpt2Model::load);
    }
    Tokenizer tokenizer = Tokenizer.embedded("gpt2");
    long eos;
    try {
      eos = endOfText(tokenizer);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
    Gpt2Config config =
        new Gpt2Config(
            b.width,
            b.layers,
            b.heads,
            b.context,
            b.context,
            4 * b.width,
            tokenizer.vocabSize(),
            1e-5,
            Activation.GELU_TANH,
            eos,
            eos,
            true);
    return LoadedModel.fresh(
        run.placement(),
        tokenizer,
        manager -> {
          NDManager weights = manager.newSubManager();
          return new Gpt2Model(config, Gpt2Init.randomWeights(config, weights), weights);
        });
  }

  /**
   * Builder for {@link LmTrainer}; training defaults: learning rate 6e-4, the other {@link
   * TrainingConfig} defaults.
   */
  public static final class Builder extends TrainerBuilder<Builder> {
    private List<Path> trainFiles = List.of();
    private double validationFraction = 0.01;
    private Path base;
    private int layers = 6;
    private int width = 384;
    private int heads = 6;
    private int context = 256;
    private int maxValidationTokens = 200_000;

    private Builder() {
      super(TrainingConfig.builder().learningRate(6e-4).build());
    }

    /** Plain-text training files (UTF-8). */
    public Builder trainFiles(List<Path> trainFiles) {
      this.trainFiles = List.copyOf(trainFiles);
      return this;
    }

    /** Fraction of each document held back for validation (default 0.01). */
    public Builder validationFraction(double validationFraction) {
      this.validationFraction = validationFraction;
      return this;
    }

    /** Continue training this GPT-2 model directory (its tokenizer is used). */
    public Builder base(Path base) {
      this.base = base;
      return this;
    }

    /**
     * Architecture of a model trained from scratch with the GPT-2 tokenizer (default 6 layers,
     * width 384, 6 heads, context 256).
     */
    public Builder architecture(int layers, int width, int heads, int context) {
      this.layers = layers;
      this.width = width;
      this.heads = heads;
      this.context = context;
      return this;
    }

    /** Block size when continuing a base model (default: the base's context). */
    public Builder context(int context) {
      this.context = context;
      return this;
    }

    /** Cap on held-out tokens scored (default 200,000; 0 for all). */
    public Builder maxValidationTokens(int maxValidationTokens) {
      this.maxValidationTokens = maxValidationTokens;
      return this;
    }

    /** Builds the trainer. */
    public LmTrainer build() {
      if (trainFiles.isEmpty()) {
        throw new IllegalArgumentException("no training files");
      }
      return new LmTrainer(this, run());
    }
  }
}
