package dev.llmkit.inference.minilm;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.Pooling;
import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The converted all-MiniLM-L6-v2, run by llmkit's BERT on DJL, against the original ONNX file run
 * by ONNX Runtime through LangChain4j's {@code AllMiniLmL6V2EmbeddingModel}: mean-pooled,
 * L2-normalised embeddings must agree to cosine ≥ 0.9999 (in practice 1 − cos ≈ 1e-8).
 */
class AllMiniLmL6V2EmbeddingIT {

  static final Logger LOG = LoggerFactory.getLogger(AllMiniLmL6V2EmbeddingIT.class);

  static final List<String> SENTENCES =
      List.of(
          "The quick brown fox jumps over the lazy dog.",
          "A man is playing a guitar.",
          "Paris is the capital of France.",
          "Machine learning models run in the JVM.",
          "How do I reset my password?",
          "I love pizza",
          "Der schnelle braune Fuchs springt über den faulen Hund.",
          "Naïve café owners serve crème brûlée in Zürich!",
          "東京は日本の首都です。",
          "Emoji 🙂 and symbols: $100 + 20% = ???",
          "unbelievably unaffordable antidisestablishmentarianism",
          "A longer sentence about the weather: it rained all morning, cleared up by noon, and the"
              + " evening was warm enough to sit outside until well after sunset.");

  @TempDir static Path cache;
  static Tokenizer tokenizer;
  static NDManager base;
  static Encoder encoder;

  @BeforeAll
  static void loadOnce() {
    Engine.getInstance(); // djl-pitfalls 15: DJL's engine before ONNX Runtime in one JVM
    Path dir = AllMiniLmL6V2.directory(cache);
    tokenizer = Tokenizer.fromDirectory(dir);
    base = NDManager.newBaseManager();
    encoder = EncoderModels.loadEncoder(dir, base);
  }

  @AfterAll
  static void close() {
    encoder.close();
    base.close();
    tokenizer.close();
  }

  @Test
  void embeddingsMatchLangChain4jOnOnnxRuntime() {
    EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
    float[][] ours = embedBatch(SENTENCES);
    double worst = 1;
    for (int i = 0; i < SENTENCES.size(); i++) {
      float[] expected = reference.embed(SENTENCES.get(i)).content().vector();
      double cos = cosine(ours[i], expected);
      worst = Math.min(worst, cos);
      assertThat(cos).as(SENTENCES.get(i)).isGreaterThanOrEqualTo(0.9999);
    }
    LOG.info("worst 1 - cos over {} sentences: {}", SENTENCES.size(), 1 - worst);
  }

  @Test
  void aPaddedBatchEqualsSentencesOneByOne() {
    float[][] batch = embedBatch(SENTENCES);
    for (int i = 0; i < SENTENCES.size(); i++) {
      float[] single = embedBatch(List.of(SENTENCES.get(i)))[0];
      assertThat(cosine(batch[i], single)).as(SENTENCES.get(i)).isGreaterThan(1 - 1e-6);
    }
  }

  /** Tokenize with padding to the longest, encode, mean-pool over the mask, L2-normalise. */
  static float[][] embedBatch(List<String> texts) {
    List<Encoding> encodings = tokenizer.encodeBatch(texts);
    int b = encodings.size();
    int t = encodings.get(0).length();
    long[] ids = new long[b * t];
    long[] mask = new long[b * t];
    long[] types = new long[b * t];
    for (int i = 0; i < b; i++) {
      System.arraycopy(encodings.get(i).ids(), 0, ids, i * t, t);
      System.arraycopy(encodings.get(i).attentionMask(), 0, mask, i * t, t);
      System.arraycopy(encodings.get(i).typeIds(), 0, types, i * t, t);
    }
    try (NDManager request = base.newSubManager()) {
      Shape shape = new Shape(b, t);
      NDArray maskArray = request.create(mask, shape);
      NDArray hidden =
          encoder.forward(
              request.create(ids, shape), maskArray, request.create(types, shape)); // (B, T, C)
      NDArray pooled = Pooling.normalize(Pooling.MEAN.pool(hidden, maskArray)); // (B, C)
      float[] flat = pooled.toFloatArray();
      int c = encoder.hiddenSize();
      float[][] out = new float[b][c];
      for (int i = 0; i < b; i++) {
        System.arraycopy(flat, i * c, out[i], 0, c);
      }
      return out;
    }
  }

  static double cosine(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
