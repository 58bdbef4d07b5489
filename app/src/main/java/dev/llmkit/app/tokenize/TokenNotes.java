package dev.llmkit.app.tokenize;

import dev.llmkit.tokenization.ByteLevelAlphabet;
import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Explains the tokens a learner stumbles on: {@code ##} continuation pieces, {@code Ġ} leading
 * spaces, byte pieces of non-ASCII text, and {@code [UNK]}.
 */
final class TokenNotes {

  /** A kind of surprise, explained once under the table. */
  enum Topic {
    CONTINUATION(
        "##x   a piece that continues the word before it (WordPiece writes no space there)"),
    LEADING_SPACE(
        "Ġx    Ġ is the space before the word: byte-level BPE keeps spaces inside tokens"),
    BYTES(
        "Ã©    byte-level BPE works on UTF-8 bytes and spells each byte with one printable"
            + " character, so non-ASCII text looks odd: Ã© is c3 a9 = \"é\""),
    PARTIAL_BYTES(
        "bytes one character can be split across tokens; each shows the bytes it holds, and every"
            + " piece spans the whole character"),
    UNKNOWN("[UNK] the word is not in the vocabulary and cannot be built from its pieces"),
    SPECIAL("[CLS] [SEP] special tokens the model expects around the text; they have no span");

    final String text;

    Topic(String text) {
      this.text = text;
    }
  }

  private final Set<Topic> seen = EnumSet.noneOf(Topic.class);

  /** The note for token {@code i}, recording its topic; empty string when nothing is odd. */
  String noteFor(Tokenizer tokenizer, Encoding e, int i, String text) {
    String token = e.tokens()[i];
    if (e.specialTokensMask()[i] && e.sequenceIds()[i] < 0) {
      seen.add(Topic.SPECIAL);
      return "special";
    }
    if (tokenizer.specialTokens().unk().orElse(-1) == e.ids()[i]
        && tokenizer.kind() == Tokenizer.Kind.WORDPIECE) {
      seen.add(Topic.UNKNOWN);
      return "unknown: \""
          + text.substring(e.start()[i], e.end()[i])
          + "\" is not in the vocabulary";
    }
    if (tokenizer.kind() == Tokenizer.Kind.WORDPIECE) {
      if (token.startsWith("##")) {
        seen.add(Topic.CONTINUATION);
        return "continues the previous piece";
      }
      return "";
    }
    Optional<byte[]> bytes = ByteLevelAlphabet.bytesOf(token);
    if (bytes.isEmpty()) {
      return "";
    }
    StringBuilder note = new StringBuilder();
    if (bytes.get().length > 0 && bytes.get()[0] == ' ') {
      seen.add(Topic.LEADING_SPACE);
      note.append("Ġ = leading space");
    }
    String slice = text.substring(e.start()[i], e.end()[i]).strip();
    for (String run : nonAsciiRuns(bytes.get(), slice)) {
      note.append(note.length() > 0 ? "; " : "").append(run);
    }
    return note.toString();
  }

  /** The explanations of every topic met so far, one per line. */
  Set<Topic> topics() {
    return seen;
  }

  /** Each run of non-ASCII bytes as {@code c3 a9 = "é"}, or as a part of the spanned text. */
  private List<String> nonAsciiRuns(byte[] bytes, String slice) {
    List<String> runs = new ArrayList<>();
    int i = 0;
    while (i < bytes.length) {
      if (bytes[i] >= 0) {
        i++;
        continue;
      }
      int from = i;
      while (i < bytes.length && bytes[i] < 0) {
        i++;
      }
      byte[] run = Arrays.copyOfRange(bytes, from, i);
      String hex = HexFormat.ofDelimiter(" ").formatHex(run);
      String decoded = new String(run, StandardCharsets.UTF_8);
      if (decoded.indexOf('\uFFFD') < 0) {
        seen.add(Topic.BYTES);
        runs.add(hex + " = \"" + decoded + "\"");
      } else {
        seen.add(Topic.PARTIAL_BYTES);
        runs.add(hex + " = part of \"" + slice + "\"");
      }
    }
    return runs;
  }
}
