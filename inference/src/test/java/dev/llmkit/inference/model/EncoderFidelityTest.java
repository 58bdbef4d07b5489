package dev.llmkit.inference.model;

import static dev.llmkit.inference.model.Tensors.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every family against the independent torch.nn reference (src/test/python), to 1e-4, plus the
 * invariants that need no reference: batching, padding and checkpoint prefixes change nothing.
 */
class EncoderFidelityTest {

  private static final double TOLERANCE = 1e-4;
  private static NDManager base;

  @BeforeAll
  static void start() {
    base = NDManager.newBaseManager();
  }

  @AfterAll
  static void stop() {
    base.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"bert", "distilbert", "roberta"})
  void hiddenStatesMatchTheReferenceIncludingPaddedRows(String family) {
    assertHiddenStatesMatchTheReference(family, false);
  }

  /**
   * While gradients are recorded (as in training) every layer runs PyTorch's plain operators; with
   * none recorded (DJL's default, and inside pipelines) each block is one call on packed weights.
   */
  @ParameterizedTest
  @ValueSource(strings = {"bert", "distilbert", "roberta"})
  void hiddenStatesOfThePlainOperatorsMatchTheReferenceToo(String family) {
    assertHiddenStatesMatchTheReference(family, true);
  }

  private static void assertHiddenStatesMatchTheReference(String family, boolean recording) {
    Reference ref = Reference.load(family);
    try (Encoder encoder = EncoderModels.loadEncoder(Reference.baseDir(family), base)) {
      assertThat(encoder.family().modelType()).isEqualTo(family);
      assertThat(encoder.hiddenSize()).isEqualTo(32);
      for (Reference.Case c : ref.cases()) {
        try (NDManager m = base.newSubManager();
            GradientCollector collector =
                recording ? Engine.getInstance().newGradientCollector() : null) {
          NDArray hidden = encoder.forward(c.ids(m), c.mask(m), c.types(m));
          assertThat(hidden.getShape().getShape())
              .containsExactly(c.batch(), c.inputIds()[0].length, 32);
          // every position, padding included: the reference computes those too
          assertClose(
              hidden, c.lastHiddenState(), Tensors.fullLengths(c.lastHiddenState()), TOLERANCE);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bert", "distilbert", "roberta"})
  void tokenClassificationLogitsAndLabelsMatchTheReference(String family) {
    Reference ref = Reference.load(family);
    try (TokenClassifier model =
        EncoderModels.loadTokenClassifier(Reference.headsDir(family), base)) {
      assertThat(model.labels().names()).containsExactly("O", "B-PER", "I-PER", "B-LOC", "I-LOC");
      for (Reference.Case c : ref.cases()) {
        try (NDManager m = base.newSubManager()) {
          NDArray logits = model.logits(c.ids(m), c.mask(m), c.types(m));
          assertThat(logits.getShape().get(2)).isEqualTo(5);
          assertClose(logits, c.tokenLogits(), Tensors.fullLengths(c.tokenLogits()), TOLERANCE);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bert", "distilbert", "roberta"})
  void questionAnsweringStartAndEndLogitsMatchTheReference(String family) {
    Reference ref = Reference.load(family);
    try (QuestionAnswerer model =
        EncoderModels.loadQuestionAnswerer(Reference.headsDir(family), base)) {
      for (Reference.Case c : ref.cases()) {
        try (NDManager m = base.newSubManager()) {
          SpanLogits span = model.logits(c.ids(m), c.mask(m), c.types(m));
          int[] all = new int[c.batch()];
          java.util.Arrays.fill(all, c.inputIds()[0].length);
          assertThat(span.start().getShape().getShape())
              .containsExactly(c.batch(), c.inputIds()[0].length);
          assertClose(span.start(), c.startLogits(), all, TOLERANCE);
          assertClose(span.end(), c.endLogits(), all, TOLERANCE);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bert", "distilbert", "roberta"})
  void meanAndClsPoolingMatchTheReference(String family) {
    Reference ref = Reference.load(family);
    try (Encoder encoder = EncoderModels.loadEncoder(Reference.baseDir(family), base)) {
      for (Reference.Case c : ref.cases()) {
        try (NDManager m = base.newSubManager()) {
          NDArray mask = c.mask(m);
          NDArray hidden = encoder.forward(c.ids(m), mask, c.types(m));
          float[][][] mean = {c.meanPooled()};
          float[][][] cls = {c.clsPooled()};
          assertClose(
              Pooling.MEAN.pool(hidden, mask).expandDims(0),
              mean,
              new int[] {c.batch()},
              TOLERANCE);
          assertClose(
              Pooling.CLS.pool(hidden, mask).expandDims(0), cls, new int[] {c.batch()}, TOLERANCE);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bert", "distilbert", "roberta"})
  void prefixedAndUnprefixedCheckpointsGiveIdenticalHiddenStates(String family) {
    Reference.Case c = Reference.load(family).cases().get(0);
    try (Encoder plain = EncoderModels.loadEncoder(Reference.baseDir(family), base);
        Encoder prefixed = EncoderModels.loadEncoder(Reference.headsDir(family), base);
        NDManager m = base.newSubManager()) {
      NDArray a = plain.forward(c.ids(m), c.mask(m), c.types(m));
      NDArray b = prefixed.forward(c.ids(m), c.mask(m), c.types(m));
      assertThat(a.toFloatArray()).containsExactly(b.toFloatArray());
      // both register the weights under the task-model (prefixed) names
      assertThat(plain.parameters().asMap().keySet())
          .containsExactlyElementsOf(
              prefixed.parameters().asMap().keySet().stream()
                  .filter(n -> n.startsWith(family + "."))
                  .toList());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bert", "distilbert", "roberta"})
  void aBatchEqualsItsRowsRunOneByOneWithoutPadding(String family) {
    Reference.Case c = Reference.load(family).cases().get(0);
    try (Encoder encoder = EncoderModels.loadEncoder(Reference.baseDir(family), base);
        NDManager m = base.newSubManager()) {
      NDArray batched = encoder.forward(c.ids(m), c.mask(m), c.types(m)); // (B, T, C)
      for (int r = 0; r < c.batch(); r++) {
        int n = c.length(r);
        NDArray single =
            encoder.forward(
                Reference.row(m, c.inputIds(), r, n),
                Reference.row(m, c.attentionMask(), r, n),
                c.tokenTypeIds() == null ? null : Reference.row(m, c.tokenTypeIds(), r, n));
        NDArray rowOfBatch = batched.get(new NDIndex("{}:{}, :{}, :", r, r + 1, n));
        assertThat(maxAbsDiff(single, rowOfBatch)).as("row %d", r).isLessThan(1e-5);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bert", "distilbert", "roberta"})
  void extraPaddingDoesNotChangeTheRealTokens(String family) {
    Reference.Case c = Reference.load(family).cases().get(0);
    long pad = family.equals("roberta") ? 1 : 0;
    try (Encoder encoder = EncoderModels.loadEncoder(Reference.baseDir(family), base);
        NDManager m = base.newSubManager()) {
      NDArray ids = c.ids(m);
      NDArray mask = c.mask(m);
      NDArray types = c.types(m);
      long b = ids.getShape().get(0);
      long t = ids.getShape().get(1);
      NDArray padIds =
          m.full(new ai.djl.ndarray.types.Shape(b, 5), pad, ai.djl.ndarray.types.DataType.INT64);
      NDArray zeros =
          m.zeros(new ai.djl.ndarray.types.Shape(b, 5), ai.djl.ndarray.types.DataType.INT64);
      NDArray padded =
          encoder.forward(
              ids.concat(padIds, 1),
              mask.concat(zeros, 1),
              types == null ? null : types.concat(zeros, 1));
      NDArray plain = encoder.forward(ids, mask, types);
      for (int r = 0; r < b; r++) {
        int n = c.length(r);
        NDIndex valid = new NDIndex("{}:{}, :{}, :", r, r + 1, n);
        assertThat(maxAbsDiff(padded.get(valid), plain.get(valid))).isLessThan(1e-5);
      }
      assertThat(padded.getShape().get(1)).isEqualTo(t + 5);
    }
  }

  static double maxAbsDiff(NDArray a, NDArray b) {
    assertThat(a.getShape()).isEqualTo(b.getShape());
    return a.sub(b).abs().max().getFloat();
  }

  static List<String> families() {
    return List.of("bert", "distilbert", "roberta");
  }
}
