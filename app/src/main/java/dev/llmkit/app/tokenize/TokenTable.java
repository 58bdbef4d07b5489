package dev.llmkit.app.tokenize;

import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Renders encodings as readable tables for the {@code tokenize} command. */
final class TokenTable {

  private static final int MAX_CELL = 24;

  private TokenTable() {}

  /** One line describing how a tokenizer splits text. */
  static String explain(Tokenizer tokenizer) {
    return tokenizer.kind() == Tokenizer.Kind.WORDPIECE
        ? "splits each word into the longest vocabulary pieces; ## marks a piece inside a word;"
            + " unknown words become [UNK]"
        : "merges frequent pairs of UTF-8 bytes; Ġ marks a leading space; any text can be"
            + " encoded (no [UNK])";
  }

  /** The table of one encoding, then its ids and notes on anything surprising. */
  static void print(PrintWriter out, Tokenizer tokenizer, String text, Encoding e) {
    out.printf(
        "%s (%s, %,d tokens in the vocabulary): %d tokens for %d characters%n",
        tokenizer.name(),
        kindName(tokenizer),
        tokenizer.vocabSize(),
        e.length(),
        text.codePointCount(0, text.length()));
    out.println("  " + explain(tokenizer));
    out.println();
    TokenNotes notes = new TokenNotes();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"pos", "token", "id", "span", "text", "note"});
    for (int i = 0; i < e.length(); i++) {
      boolean inserted = e.sequenceIds()[i] < 0;
      rows.add(
          new String[] {
            Integer.toString(i),
            cell(e.tokens()[i]),
            Long.toString(e.ids()[i]),
            inserted ? "-" : e.start()[i] + "-" + e.end()[i],
            inserted ? "-" : "\"" + cell(text.substring(e.start()[i], e.end()[i])) + "\"",
            notes.noteFor(tokenizer, e, i, text)
          });
    }
    printRows(out, rows);
    out.println();
    out.println("ids: " + java.util.Arrays.toString(e.ids()));
    if (!notes.topics().isEmpty()) {
      out.println();
      out.println("What you are looking at:");
      notes.topics().forEach(topic -> out.println("  " + topic.text));
    }
    out.println("Spans are UTF-16 [start, end) offsets: text.substring(start, end) in Java.");
  }

  /** Windows of a long text, as overlapping token ranges. */
  static void printWindows(
      PrintWriter out, Tokenizer tokenizer, String text, List<Encoding> windows, int stride) {
    out.printf(
        "%n%d window%s of at most %s tokens; consecutive windows share %d tokens (the stride):%n",
        windows.size(),
        windows.size() == 1 ? "" : "s",
        windows.isEmpty() ? "?" : Integer.toString(windows.get(0).length()),
        stride);
    int begin = 0;
    for (int w = 0; w < windows.size(); w++) {
      Encoding window = windows.get(w);
      int first = -1;
      int last = -1;
      int count = 0;
      for (int i = 0; i < window.length(); i++) {
        if (window.sequenceIds()[i] >= 0) {
          first = first < 0 ? i : first;
          last = i;
          count++;
        }
      }
      int end = begin + count - 1;
      out.printf(
          "  window %d: text tokens %d-%d, characters %d-%d%s%n",
          w,
          begin,
          end,
          first < 0 ? 0 : window.start()[first],
          last < 0 ? 0 : window.end()[last],
          w == 0
              ? ""
              : String.format(
                  " (tokens %d-%d repeat window %d)", begin, begin + stride - 1, w - 1));
      out.println("    " + cell(String.join(" ", window.tokens()), 200));
      begin += count - stride;
    }
    if (!windows.isEmpty() && tokenizer.specialTokenCount(false) > 0) {
      out.printf(
          "  Each window also carries the %d special tokens, so it holds at most %d text tokens.%n",
          tokenizer.specialTokenCount(false),
          windows.get(0).length() - tokenizer.specialTokenCount(false));
    }
  }

  /** Two tokenizations of the same text, side by side. */
  static void printComparison(
      PrintWriter out, String text, Tokenizer left, Encoding a, Tokenizer right, Encoding b) {
    out.printf("The same %d characters, two ways:%n", text.codePointCount(0, text.length()));
    out.printf("  %-16s %s%n", kindName(left) + ":", explain(left));
    out.printf("  %-16s %s%n", kindName(right) + ":", explain(right));
    out.println();
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "pos", left.name(), "id", "span", "|", right.name(), "id", "span",
        });
    for (int i = 0; i < Math.max(a.length(), b.length()); i++) {
      rows.add(
          new String[] {
            Integer.toString(i),
            i < a.length() ? cell(a.tokens()[i]) : "",
            i < a.length() ? Long.toString(a.ids()[i]) : "",
            i < a.length() ? span(a, i) : "",
            "|",
            i < b.length() ? cell(b.tokens()[i]) : "",
            i < b.length() ? Long.toString(b.ids()[i]) : "",
            i < b.length() ? span(b, i) : "",
          });
    }
    printRows(out, rows);
    out.printf(
        "%n%s: %d tokens; %s: %d tokens.%n", left.name(), a.length(), right.name(), b.length());
  }

  private static String kindName(Tokenizer tokenizer) {
    return tokenizer.kind() == Tokenizer.Kind.WORDPIECE ? "WordPiece" : "byte-level BPE";
  }

  private static String span(Encoding e, int i) {
    return e.sequenceIds()[i] < 0 ? "-" : e.start()[i] + "-" + e.end()[i];
  }

  private static void printRows(PrintWriter out, List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns; c++) {
        width[c] = Math.max(width[c], row[c].codePointCount(0, row[c].length()));
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(" ");
      for (int c = 0; c < columns; c++) {
        String value = row[c];
        int pad = width[c] - value.codePointCount(0, value.length());
        boolean numeric = c == 0 || (c > 0 && rows.get(0)[c].equals("id"));
        line.append(' ');
        if (numeric) {
          line.append(" ".repeat(pad)).append(value);
        } else {
          line.append(value).append(c == columns - 1 ? "" : " ".repeat(pad));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  static String cell(String s) {
    return cell(s, MAX_CELL);
  }

  /** Shows invisible characters as escapes and shortens long cells. */
  static String cell(String s, int max) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        b.append("\\n");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c == '\r') {
        b.append("\\r");
      } else if (Character.isISOControl(c)
          || (Character.isSurrogate(c)
              && !(i + 1 < s.length() && Character.isSurrogatePair(c, s.charAt(i + 1)))
              && !(i > 0 && Character.isSurrogatePair(s.charAt(i - 1), c)))) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.codePointCount(0, b.length()) <= max
        ? b.toString()
        : b.substring(0, b.offsetByCodePoints(0, max - 1)) + "…";
  }
}
