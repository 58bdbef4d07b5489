package dev.llmkit.inference.qa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.llmkit.inference.model.QuestionAnswerer;
import dev.llmkit.inference.model.SpanLogits;
import dev.llmkit.inference.nn.NoGrad;
import dev.llmkit.inference.pipeline.Batching;
import dev.llmkit.inference.pipeline.ModelInputs;
import dev.llmkit.inference.pipeline.PipelineBuilder;
import dev.llmkit.inference.pipeline.PipelineBuilder.CallManager;
import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Extractive question answering, the counterpart of Hugging Face's {@code
 * pipeline("question-answering")} (transformers 4.53 <a
 * href="https://github.com/huggingface/transformers/blob/v4.53.0/src/transformers/pipelines/question_answering.py">question_answering.py</a>).
 *
 * <pre>{@code
 * try (QaPipeline qa = QaPipeline.builder().model(model).tokenizer(tokenizer).build()) {
 *   List<Answer> best = qa.run("Where do I live?", "My name is Wolfgang and I live in Berlin");
 * }
 * }</pre>
 *
 * <p>A context longer than {@code max_seq_len} is split into windows that all hold the question and
 * overlap by {@code doc_stride} context tokens; the windows of one question always go through the
 * model in one forward pass (several questions share one when they fit in {@code batchSize} rows).
 * Every forward runs in a child of the pipeline's manager, closed when it ends.
 */
public final class QaPipeline implements AutoCloseable {

  private final QuestionAnswerer model;
  private final Tokenizer tokenizer;
  private final NDManager manager;
  private final CallManager calls;
  private final AnswerDecoder decoder;
  private final int modelMaxLength;
  private final int batchSize;
  private final long padId;
  private final boolean useTypes;

  private QaPipeline(Builder b) {
    this.model = b.requireModel();
    this.tokenizer = b.requireTokenizer();
    this.decoder = new AnswerDecoder(tokenizer.specialTokens().cls());
    this.modelMaxLength = Math.min(tokenizer.modelMaxLength(), model.encoder().maxSequenceLength());
    this.useTypes = model.encoder().usesTokenTypes();
    this.batchSize = b.batchSize;
    this.padId = tokenizer.specialTokens().pad().orElse(0);
    this.calls = b.callManager(model.encoder().parameters().manager());
    this.manager = calls.manager();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Answers one question with Hugging Face's default options. */
  public List<Answer> run(String question, String context) {
    return run(question, context, QaOptions.defaults());
  }

  /** Answers one question: at most {@code top_k} answers, best first. */
  public List<Answer> run(String question, String context, QaOptions options) {
    return run(List.of(new QaInput(question, context)), options).get(0);
  }

  /**
   * Answers several questions, batching their windows.
   *
   * @return the answers of each input, in input order
   */
  public List<List<Answer>> run(List<QaInput> inputs, QaOptions options) {
    Objects.requireNonNull(options, "options");
    List<List<Encoding>> windows = new ArrayList<>(inputs.size());
    for (QaInput input : inputs) {
      windows.add(windows(input, options));
    }
    List<List<QaWindow>> scored = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      scored.add(new ArrayList<>());
    }
    List<Integer> rows = windows.stream().map(List::size).toList();
    for (List<Integer> batch : Batching.group(rows, batchSize)) {
      List<Encoding> encodings = new ArrayList<>();
      batch.forEach(i -> encodings.addAll(windows.get(i)));
      float[][][] startEnd = forward(encodings);
      int row = 0;
      for (int i : batch) {
        for (Encoding e : windows.get(i)) {
          scored.get(i).add(new QaWindow(e, startEnd[0][row], startEnd[1][row]));
          row++;
        }
      }
    }
    List<List<Answer>> out = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      out.add(decode(inputs.get(i).context(), scored.get(i), options));
    }
    return out;
  }

  /**
   * The first stage of {@link #run(List, QaOptions)}: the windows of one question and its context,
   * each holding the (cut) question and {@code max_seq_len} tokens at most, overlapping by {@code
   * doc_stride} context tokens.
   */
  public List<Encoding> windows(QaInput input, QaOptions options) {
    return pairWindows(input, options).windows();
  }

  /** As {@link #windows}, with the stride, to count the pair's tokens without encoding it again. */
  public PairWindows pairWindows(QaInput input, QaOptions options) {
    int maxSeqLen = options.effectiveMaxSeqLen(modelMaxLength);
    int docStride = options.effectiveDocStride(maxSeqLen);
    String question = cutQuestion(input.question(), options.maxQuestionLen());
    return new PairWindows(
        tokenizer.encodePairWindows(question, input.context(), maxSeqLen, docStride), docStride);
  }

  /**
   * The second stage: the model's start and end logits of each window, in padded forwards of at
   * most {@code batchSize} windows of similar length ({@link Batching#inPasses}).
   */
  public List<QaWindow> score(List<Encoding> windows) {
    return Batching.inPasses(
        windows,
        batchSize,
        part -> {
          float[][][] startEnd = forward(part);
          List<QaWindow> out = new ArrayList<>(part.size());
          for (int row = 0; row < part.size(); row++) {
            out.add(new QaWindow(part.get(row), startEnd[0][row], startEnd[1][row]));
          }
          return out;
        });
  }

  /** The last stage: the best answers in {@code context} from its scored {@link #windows}. */
  public List<Answer> decode(String context, List<QaWindow> windows, QaOptions options) {
    return decoder.decode(context, windows, options);
  }

  /**
   * Cuts a question to {@code maxQuestionLen} tokens, as Hugging Face's slow-tokenizer path does
   * ({@code max_query_length}); questions within the limit are untouched, as with HF's fast path.
   */
  private String cutQuestion(String question, int maxQuestionLen) {
    Encoding q = tokenizer.encode(question, false);
    if (q.length() <= maxQuestionLen) {
      return question;
    }
    return question.substring(0, q.end()[maxQuestionLen - 1]);
  }

  /** Returns {start rows, end rows}, each unpadded. */
  private float[][][] forward(List<Encoding> encodings) {
    try (NDManager request = manager.newSubManager();
        NoGrad noGrad = NoGrad.enter()) {
      ModelInputs in = ModelInputs.of(request, encodings, padId);
      NDArray types = useTypes ? in.tokenTypeIds() : null;
      SpanLogits logits = model.logits(in.inputIds(), in.attentionMask(), types); // (B,T) x2
      logits.start().attach(request);
      logits.end().attach(request);
      return new float[][][] {in.unpad2d(logits.start()), in.unpad2d(logits.end())};
    }
  }

  @Override
  public void close() {
    calls.close();
  }

  /** Builder for {@link QaPipeline}. */
  public static final class Builder extends PipelineBuilder<QuestionAnswerer, Builder> {
    private int batchSize = 16;

    private Builder() {}

    /**
     * The most windows in one forward pass, default 16; the windows of one question are never
     * split, even when there are more of them.
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Builds the pipeline. */
    public QaPipeline build() {
      return new QaPipeline(this);
    }
  }
}
