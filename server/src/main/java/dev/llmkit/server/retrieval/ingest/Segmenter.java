package dev.llmkit.server.retrieval.ingest;

import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.DocumentSplitter;
import dev.langchain4j.data.document.splitter.DocumentSplitters;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.TokenCountEstimator;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a document with LangChain4j's recursive splitter (paragraphs, then sentences, words,
 * characters), counting the embedding model's own tokens, and finds each segment's offsets in the
 * original text.
 *
 * <p>The splitter re-joins paragraphs with its own separators, so a segment is not always a
 * verbatim slice: it is located by its words with any whitespace between them, and the stored
 * segment text is the original's slice (so offsets and text always agree).
 */
public final class Segmenter {

  private static final Pattern WORDS = Pattern.compile("\\S+");

  private final DocumentSplitter splitter;

  /**
   * A segmenter.
   *
   * @param maxTokens most tokens per segment (without special tokens)
   * @param overlapTokens most tokens repeated from the previous segment
   * @param estimator the embedding model's token counter
   */
  public Segmenter(int maxTokens, int overlapTokens, TokenCountEstimator estimator) {
    if (maxTokens < 1 || overlapTokens < 0 || overlapTokens >= maxTokens) {
      throw new IllegalArgumentException(
          "need maxTokens >= 1 and 0 <= overlapTokens < maxTokens, got "
              + maxTokens
              + ", "
              + overlapTokens);
    }
    this.splitter = DocumentSplitters.recursive(maxTokens, overlapTokens, estimator);
  }

  /** The segments of {@code original}, in order, with their offsets. */
  public List<SegmentSpan> split(String original) {
    List<TextSegment> pieces = splitter.split(Document.from(original));
    List<SegmentSpan> out = new ArrayList<>(pieces.size());
    int from = 0;
    for (TextSegment piece : pieces) {
      int[] at = locate(original, piece.text(), from);
      String text = original.substring(at[0], at[1]);
      out.add(
          new SegmentSpan(
              out.size(),
              text,
              at[0],
              at[1],
              original.codePointCount(0, at[0]),
              original.codePointCount(0, at[1])));
      from = at[0] + 1;
    }
    return out;
  }

  /** Start and end of {@code piece} in {@code original} at or after {@code from}. */
  static int[] locate(String original, String piece, int from) {
    int exact = original.indexOf(piece, Math.min(from, original.length()));
    if (exact >= 0) {
      return new int[] {exact, exact + piece.length()};
    }
    StringBuilder regex = new StringBuilder();
    Matcher words = WORDS.matcher(piece);
    while (words.find()) {
      if (regex.length() > 0) {
        regex.append("\\s+");
      }
      regex.append(Pattern.quote(words.group()));
    }
    Matcher m = Pattern.compile(regex.toString()).matcher(original);
    if (m.find(Math.min(from, original.length())) || m.find(0)) {
      return new int[] {m.start(), m.end()};
    }
    throw new IllegalStateException("a split segment is not in its document: " + abbreviate(piece));
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }
}
