package dev.llmkit.inference.train.ner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.model.Labels;
import dev.llmkit.inference.model.TokenClassifier;
import dev.llmkit.tokenization.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Tags pre-split sentences word by word: each word takes the arg-max label of its first sub-token,
 * the protocol of Hugging Face's {@code run_ner.py} evaluation. Words without a token (cut off by
 * the length limit) are tagged {@code O}.
 */
public final class NerTagger {

  private final TokenClassifier model;
  private final Tokenizer tokenizer;
  private final int maxLength;
  private final int batchSize;

  /**
   * Creates a tagger.
   *
   * @param model the token classifier
   * @param tokenizer its tokenizer
   * @param maxLength longest input, special tokens included
   * @param batchSize sentences per forward pass
   */
  public NerTagger(TokenClassifier model, Tokenizer tokenizer, int maxLength, int batchSize) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.maxLength = Math.min(maxLength, model.encoder().maxSequenceLength());
    this.batchSize = batchSize;
  }

  /** One tag per word of every sentence. */
  public List<List<String>> tag(List<List<String>> sentences) {
    List<NerFeatures> features =
        sentences.stream().map(s -> NerFeatures.encode(tokenizer, s, null, maxLength)).toList();
    Integer[] order = new Integer[features.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> features.get(i).length()));
    List<List<String>> tags = new ArrayList<>(features.size());
    for (int i = 0; i < features.size(); i++) {
      tags.add(null);
    }
    Labels labels = model.labels();
    for (int from = 0; from < order.length; from += batchSize) {
      int[] batch =
          Arrays.stream(order, from, Math.min(from + batchSize, order.length))
              .mapToInt(Integer::intValue)
              .toArray();
      int[][] predicted = predict(features, batch);
      for (int r = 0; r < batch.length; r++) {
        NerFeatures f = features.get(batch[r]);
        List<String> words = new ArrayList<>(f.firstToken().length);
        for (int first : f.firstToken()) {
          words.add(first < 0 ? "O" : labels.name(predicted[r][first]));
        }
        tags.set(batch[r], words);
      }
    }
    return tags;
  }

  /** Arg-max label id of every token, per sentence of the batch. */
  private int[][] predict(List<NerFeatures> features, int[] batch) {
    int b = batch.length;
    int t = 0;
    for (int i : batch) {
      t = Math.max(t, features.get(i).length());
    }
    long[] ids = new long[b * t];
    long[] types = new long[b * t];
    long[] mask = new long[b * t];
    for (int r = 0; r < b; r++) {
      NerFeatures f = features.get(batch[r]);
      System.arraycopy(f.ids(), 0, ids, r * t, f.length());
      System.arraycopy(f.typeIds(), 0, types, r * t, f.length());
      Arrays.fill(mask, r * t, r * t + f.length(), 1);
    }
    try (NDManager request = model.encoder().parameters().manager().newSubManager()) {
      Shape shape = new Shape(b, t);
      NDArray logits =
          model.logits(
              request.create(ids, shape),
              request.create(mask, shape),
              model.encoder().usesTokenTypes() ? request.create(types, shape) : null);
      long[] best = logits.argMax(-1).toType(DataType.INT64, false).toLongArray();
      int[][] out = new int[b][t];
      for (int r = 0; r < b; r++) {
        for (int k = 0; k < t; k++) {
          out[r][k] = (int) best[r * t + k];
        }
      }
      return out;
    }
  }
}
