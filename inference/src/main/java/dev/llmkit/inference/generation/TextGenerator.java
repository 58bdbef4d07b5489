package dev.llmkit.inference.generation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.model.ModelInputException;
import dev.llmkit.inference.nn.NoGrad;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Text generation with a KV cache: the prompt runs once, then each step feeds only the new token.
 * Mirrors the decoding loop of Hugging Face {@code GenerationMixin._sample} and the text-generation
 * pipeline (<a
 * href="https://github.com/huggingface/transformers/blob/main/src/transformers/generation/utils.py">generation/utils.py</a>).
 *
 * <pre>{@code
 * TextGenerator generator = TextGenerator.builder().model(gpt2).codec(codec).build();
 * GenerationResult result = generator.generate("Hello", GenerationOptions.defaults()).get(0);
 * }</pre>
 *
 * <p>Thread-safe: each call works in its own child manager of the model's manager, closed before
 * the call returns.
 */
public final class TextGenerator {

  private static final Logger LOG = LoggerFactory.getLogger(TextGenerator.class);

  private final CausalLanguageModel model;
  private final TextCodec codec;

  private TextGenerator(Builder builder) {
    this.model = Objects.requireNonNull(builder.model, "model");
    this.codec = Objects.requireNonNull(builder.codec, "codec");
  }

  /** A builder; both {@code model} and {@code codec} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Generates without streaming. */
  public List<GenerationResult> generate(String prompt, GenerationOptions options) {
    return generate(prompt, options, TokenStreamListener.NONE);
  }

  /**
   * Generates {@code num_return_sequences} continuations of {@code prompt}.
   *
   * @param listener called after every token; may cancel
   * @return one result per sequence, in order
   * @throws ModelInputException when the prompt fills the model's context or is empty and the model
   *     has no bos token
   */
  public List<GenerationResult> generate(
      String prompt, GenerationOptions options, TokenStreamListener listener) {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(listener, "listener");
    long[] promptIds = codec.encode(prompt);
    if (promptIds.length == 0) {
      OptionalLong bos = model.bosTokenId();
      if (bos.isEmpty()) {
        throw new ModelInputException("empty prompt and the model has no bos_token_id");
      }
      promptIds = new long[] {bos.getAsLong()};
    }
    if (promptIds.length >= model.contextLength()) {
      throw new ModelInputException(
          "prompt has %d tokens; the model's context holds %d, leaving no room to generate"
              .formatted(promptIds.length, model.contextLength()));
    }
    List<Sequence> sequences = decode(promptIds, options, listener);
    List<GenerationResult> results = new ArrayList<>(sequences.size());
    for (Sequence s : sequences) {
      String text = s.finalText();
      results.add(
          new GenerationResult(
              options.returnFullText() ? prompt + text : text,
              new GenerationResult.Details(s.finishReason, s.generated, s.logprobs)));
    }
    return results;
  }

  private List<Sequence> decode(
      long[] promptIds, GenerationOptions options, TokenStreamListener listener) {
    int rows = options.numReturnSequences();
    int budget = Math.min(options.maxNewTokens(), model.contextLength() - promptIds.length);
    long eos = options.eosTokenId() != null ? options.eosTokenId() : model.eosTokenId().orElse(-1);
    List<LogitsProcessor> processors = LogitsProcessor.forOptions(options);
    SplittableRandom random =
        options.seed() != null ? new SplittableRandom(options.seed()) : new SplittableRandom();
    StopSequences stops = new StopSequences(options.stop());
    List<Sequence> sequences = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      sequences.add(new Sequence(promptIds, stops));
    }

    long[] input = new long[rows * promptIds.length]; // (B, T): the whole prompt first
    for (int r = 0; r < rows; r++) {
      System.arraycopy(promptIds, 0, input, r * promptIds.length, promptIds.length);
    }
    int inputLength = promptIds.length;
    boolean cancelled = false;
    long started = System.nanoTime();
    try (NDManager request = model.manager().newSubManager();
        NoGrad noGrad = NoGrad.enter()) {
      KvCache cache = model.newCache(request, rows, promptIds.length + budget);
      for (int step = 0; step < budget && !cancelled; step++) {
        float[] logits; // (B, V) flattened
        try (NDManager stepManager = request.newSubManager()) {
          NDArray ids = stepManager.create(input, new Shape(rows, inputLength));
          logits = model.nextTokenLogits(ids, cache).toFloatArray();
        }
        int vocab = logits.length / rows;
        for (int r = 0; r < rows && !cancelled; r++) {
          Sequence s = sequences.get(r);
          if (s.finishReason != null) {
            continue;
          }
          float[] raw = Arrays.copyOfRange(logits, r * vocab, (r + 1) * vocab);
          float[] scores = raw.clone();
          long[] history = s.history();
          for (LogitsProcessor processor : processors) {
            processor.process(scores, history);
          }
          int token =
              options.doSample() ? Sampling.sample(scores, random) : Sampling.argmax(scores);
          double logprob = Sampling.logProbability(raw, token);
          String piece = s.accept(token, token == eos, logprob);
          TokenStreamListener.Action action =
              listener.onToken(
                  new StreamedToken(
                      r,
                      s.generated.size() - 1,
                      token,
                      piece,
                      logprob,
                      topTokens(raw, options.topNTokens(), eos)));
          cancelled = action == TokenStreamListener.Action.CANCEL;
        }
        if (cancelled || sequences.stream().allMatch(s -> s.finishReason != null)) {
          break;
        }
        inputLength = 1;
        input = new long[rows];
        for (int r = 0; r < rows; r++) {
          List<Long> g = sequences.get(r).generated;
          input[r] = g.get(g.size() - 1); // finished rows keep running; their output is ignored
        }
      }
    }
    FinishReason unfinished = cancelled ? FinishReason.CANCELLED : FinishReason.LENGTH;
    for (Sequence s : sequences) {
      if (s.finishReason == null) {
        s.finishReason = unfinished;
      }
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "generated {} x {} tokens after a {}-token prompt in {} ms",
          rows,
          sequences.get(0).generated.size(),
          promptIds.length,
          (System.nanoTime() - started) / 1_000_000);
    }
    return sequences;
  }

  /** The {@code n} most likely tokens of the model's distribution {@code raw}; none for 0. */
  private List<TopToken> topTokens(float[] raw, int n, long eos) {
    if (n == 0) {
      return List.of();
    }
    double[][] top = Sampling.top(raw, n);
    List<TopToken> tokens = new ArrayList<>(top[0].length);
    for (int j = 0; j < top[0].length; j++) {
      long id = (long) top[0][j];
      tokens.add(new TopToken(id, codec.decode(new long[] {id}), top[1][j], id == eos));
    }
    return tokens;
  }

  /** The state of one sequence being generated. */
  private final class Sequence {
    private final long[] promptIds;
    private final StopSequences stops;
    private final IncrementalDecoder decoder = new IncrementalDecoder(codec);
    private final List<Long> generated = new ArrayList<>();
    private final List<Double> logprobs = new ArrayList<>();
    private FinishReason finishReason;

    Sequence(long[] promptIds, StopSequences stops) {
      this.promptIds = promptIds;
      this.stops = stops;
    }

    /** Prompt and generated ids, what the repetition penalty looks at. */
    long[] history() {
      long[] all = Arrays.copyOf(promptIds, promptIds.length + generated.size());
      for (int i = 0; i < generated.size(); i++) {
        all[promptIds.length + i] = generated.get(i);
      }
      return all;
    }

    /** Records a token, updates the finish reason and returns the text it completes. */
    String accept(long token, boolean isEos, double logprob) {
      generated.add(token);
      logprobs.add(logprob);
      if (isEos) {
        finishReason = FinishReason.EOS_TOKEN;
        return "";
      }
      int before = decoder.text().length();
      String piece = decoder.next(token);
      if (stops.find(decoder.text(), before) >= 0) {
        finishReason = FinishReason.STOP_SEQUENCE;
      }
      return piece;
    }

    /** The decoded generated text, without eos, cut before the first stop sequence. */
    String finalText() {
      long[] ids =
          generated.stream()
              .mapToLong(Long::longValue)
              .limit(finishReason == FinishReason.EOS_TOKEN ? generated.size() - 1 : Long.MAX_VALUE)
              .toArray();
      String text = codec.decode(ids);
      if (finishReason == FinishReason.STOP_SEQUENCE) {
        int cut = stops.findIn(text);
        if (cut >= 0) {
          text = text.substring(0, cut);
        }
      }
      return text;
    }
  }

  /** Builder for {@link TextGenerator}. */
  public static final class Builder {
    private CausalLanguageModel model;
    private TextCodec codec;

    private Builder() {}

    /** The model to decode with. */
    public Builder model(CausalLanguageModel model) {
      this.model = model;
      return this;
    }

    /** Encodes the prompt and decodes generated ids. */
    public Builder codec(TextCodec codec) {
      this.codec = codec;
      return this;
    }

    /** The generator. */
    public TextGenerator build() {
      return new TextGenerator(this);
    }
  }
}
