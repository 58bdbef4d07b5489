package dev.llmkit.inference.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads CoNLL column files for NER: one token per line ({@code token [POS chunk ...] NER}),
 * sentences separated by blank lines, documents by {@code -DOCSTART-} lines.
 *
 * <p>The NER column is the last one unless told otherwise. Tags may be IOB1 or IOB2; they are
 * returned as IOB2, interpreting chunks exactly as conlleval does (an {@code I-X} after {@code O}
 * or after another type opens a chunk). The label set is read from the data.
 */
public final class ConllReader {

  private static final String DOCSTART = "-DOCSTART-";

  private final int nerColumn;

  private ConllReader(int nerColumn) {
    this.nerColumn = nerColumn;
  }

  /** A reader that takes the NER tag from the last column. */
  public static ConllReader lastColumn() {
    return new ConllReader(-1);
  }

  /**
   * A reader that takes the NER tag from a given column.
   *
   * @param column zero-based column index; negative counts from the end ({@code -1} is the last)
   */
  public static ConllReader column(int column) {
    if (column == 0) {
      throw new IllegalArgumentException("column 0 holds the token, not the tag");
    }
    return new ConllReader(column);
  }

  /** Reads a UTF-8 file. */
  public ConllDataset read(Path file) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Reads CoNLL text held in a string (fixtures, stdin). */
  public ConllDataset read(String text) {
    return read(new StringReader(text), "<string>");
  }

  private ConllDataset read(Reader source, String name) {
    BufferedReader in =
        source instanceof BufferedReader b ? b : new BufferedReader(source, 1 << 16);
    List<ConllSentence> sentences = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    boolean iob1 = false;
    int documents = 0;
    int lineNo = 0;
    try {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNo++;
        if (lineNo == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith(DOCSTART)) {
          if (trimmed.startsWith(DOCSTART)) {
            documents++;
          }
          iob1 |= flush(tokens, tags, sentences);
          continue;
        }
        String[] cols = trimmed.split("\\s+");
        if (cols.length < 2) {
          throw new DataFormatException(
              name + ":" + lineNo + ": expected 'token ... tag', got '" + trimmed + "'");
        }
        int col = nerColumn < 0 ? cols.length + nerColumn : nerColumn;
        if (col <= 0 || col >= cols.length) {
          throw new DataFormatException(
              name + ":" + lineNo + ": no column " + nerColumn + " in '" + trimmed + "'");
        }
        String tag = cols[col];
        if (!isValidTag(tag)) {
          throw new DataFormatException(
              name
                  + ":"
                  + lineNo
                  + ": tag '"
                  + tag
                  + "' is not O, B-TYPE or I-TYPE (only IOB1 and IOB2 are supported)");
        }
        tokens.add(cols[0]);
        tags.add(tag);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
    iob1 |= flush(tokens, tags, sentences);
    if (sentences.isEmpty()) {
      throw new DataFormatException(name + ": no sentences");
    }
    return new ConllDataset(
        sentences, labelSet(sentences), iob1 ? TagScheme.IOB1 : TagScheme.IOB2, documents);
  }

  /** Ends the current sentence; returns whether IOB1 chunk openings were converted. */
  private static boolean flush(
      List<String> tokens, List<String> tags, List<ConllSentence> sentences) {
    if (tokens.isEmpty()) {
      return false;
    }
    boolean converted = false;
    List<String> iob2 = new ArrayList<>(tags.size());
    String previous = "O";
    for (String tag : tags) {
      String out = tag;
      // An I-X that opens a chunk (after O or after another type) is IOB1: make it B-X.
      if (tag.startsWith("I-") && !typeOf(previous).equals(typeOf(tag))) {
        out = "B-" + typeOf(tag);
        converted = true;
      }
      iob2.add(out);
      previous = tag;
    }
    sentences.add(new ConllSentence(tokens, iob2));
    tokens.clear();
    tags.clear();
    return converted;
  }

  /** Converts one tag sequence from IOB1 (or IOB2) to IOB2. */
  public static List<String> toIob2(List<String> tags) {
    List<ConllSentence> out = new ArrayList<>(1);
    List<String> tokens = new ArrayList<>(tags.size());
    for (int i = 0; i < tags.size(); i++) {
      tokens.add("_");
    }
    flush(tokens, new ArrayList<>(tags), out);
    return out.isEmpty() ? List.of() : out.get(0).tags();
  }

  private static boolean isValidTag(String tag) {
    return tag.equals("O") || (tag.length() > 2 && (tag.startsWith("B-") || tag.startsWith("I-")));
  }

  private static String typeOf(String tag) {
    return tag.equals("O") ? "" : tag.substring(2);
  }

  private static List<String> labelSet(List<ConllSentence> sentences) {
    TreeSet<String> types = new TreeSet<>();
    for (ConllSentence s : sentences) {
      for (String tag : s.tags()) {
        if (!tag.equals("O")) {
          types.add(tag.substring(2));
        }
      }
    }
    List<String> labels = new ArrayList<>(1 + 2 * types.size());
    labels.add("O");
    for (String type : types) {
      labels.add("B-" + type);
      labels.add("I-" + type);
    }
    return labels;
  }
}
