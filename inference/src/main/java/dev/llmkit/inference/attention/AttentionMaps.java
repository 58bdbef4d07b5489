package dev.llmkit.inference.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.gpt2.Gpt2Model;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.nn.Attention;
import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * The attention weights of a served model for one short text, per layer and head, recorded with an
 * {@link Attention#probe()} around the model's own forward pass (the code that answers {@code
 * /ner}, {@code /qa}, {@code /embed} and {@code /generate}), so what is shown is what runs.
 */
public final class AttentionMaps {

  /** Longest input shown, in tokens (special tokens included): 128² weights per head. */
  public static final int MAX_TOKENS = 128;

  private AttentionMaps() {}

  /**
   * One text's attention.
   *
   * @param tokens the tokens as the vocabulary spells them ({@code [CLS]}, {@code ##ing}, {@code
   *     Ġworld})
   * @param attentions {@code [layer][head][query][key]}: softmax weights, each row summing to 1
   */
  public record Map(List<String> tokens, float[][][][] attentions) {}

  /**
   * A bidirectional encoder's attention over {@code text} with its special tokens.
   *
   * @param base the manager the encoder's weights live in (a child is opened and closed here)
   * @throws InputException when the text is empty or longer than {@link #MAX_TOKENS} tokens
   */
  public static Map ofEncoder(Encoder encoder, Tokenizer tokenizer, NDManager base, String text) {
    Encoding e = tokenizer.encode(text, true);
    check(e.length(), text);
    try (NDManager request = base.newSubManager();
        Attention.Probe probe = Attention.probe()) {
      int t = e.length();
      NDArray ids = request.create(e.ids(), new Shape(1, t));
      long[] ones = new long[t];
      Arrays.fill(ones, 1L);
      NDArray mask = request.create(ones, new Shape(1, t));
      NDArray types =
          encoder.usesTokenTypes() ? request.zeros(new Shape(1, t), ids.getDataType()) : null;
      encoder.forward(ids, mask, types);
      return new Map(List.of(e.tokens()), firstRow(probe.weights()));
    }
  }

  /**
   * GPT-2's causal attention over {@code text} (no special tokens added): each token attends to
   * itself and the tokens before it, later ones get 0.
   *
   * @throws InputException when the text is empty or longer than {@link #MAX_TOKENS} tokens
   */
  public static Map ofGpt2(Gpt2Model model, Tokenizer tokenizer, String text) {
    Encoding e = tokenizer.encode(text, false);
    check(e.length(), text);
    try (NDManager request = model.manager().newSubManager();
        Attention.Probe probe = Attention.probe()) {
      model.forward(request.create(e.ids(), new Shape(1, e.length())), null, null);
      return new Map(List.of(e.tokens()), firstRow(probe.weights()));
    }
  }

  /** A text that cannot be shown: empty, or longer than {@link #MAX_TOKENS}. */
  public static final class InputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final boolean tooLong;

    InputException(String message, boolean tooLong) {
      super(message);
      this.tooLong = tooLong;
    }

    /** Whether the text was too long (else empty). */
    public boolean tooLong() {
      return tooLong;
    }
  }

  private static void check(int tokens, String text) {
    if (tokens == 0 || text.isBlank()) {
      throw new InputException("the text is empty: give a sentence to look inside", false);
    }
    if (tokens > MAX_TOKENS) {
      throw new InputException(
          "the text has "
              + tokens
              + " tokens; attention is shown for at most "
              + MAX_TOKENS
              + " (special tokens included)",
          true);
    }
  }

  /** {@code [layer][batch][head][q][k]} of a batch of one → {@code [layer][head][q][k]}. */
  private static float[][][][] firstRow(List<float[][][][]> layers) {
    float[][][][] out = new float[layers.size()][][][];
    for (int l = 0; l < layers.size(); l++) {
      out[l] = layers.get(l)[0];
    }
    return out;
  }
}
