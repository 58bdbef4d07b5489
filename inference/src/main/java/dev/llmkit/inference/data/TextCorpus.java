package dev.llmkit.inference.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text language-model corpus split into training and held-out validation text.
 *
 * <p>Rule: each file is split into documents at every U+FEFF (the novels of the shipped corpus each
 * start with a byte-order mark, several books per file); line endings are normalised to {@code \n}.
 * The last {@code validationFraction} of each document's characters, starting at the first line
 * start at or after that point, is held back for validation; the rest is training text. Documents
 * are kept separate so that a document separator token can be placed between them.
 *
 * @param train training text, one entry per document
 * @param validation held-out text, one entry per document that had enough text
 */
public record TextCorpus(List<String> train, List<String> validation) {

  /** Copies the lists. */
  public TextCorpus {
    train = List.copyOf(train);
    validation = List.copyOf(validation);
  }

  /**
   * Reads UTF-8 files and holds back the end of each document.
   *
   * @param files the text files, in order
   * @param validationFraction fraction of each document held back, in {@code [0, 0.5]}
   */
  public static TextCorpus read(List<Path> files, double validationFraction) {
    if (!(validationFraction >= 0 && validationFraction <= 0.5)) {
      throw new IllegalArgumentException(
          "validationFraction must be in [0, 0.5], got " + validationFraction);
    }
    List<String> documents = new ArrayList<>();
    for (Path file : files) {
      try {
        documents.addAll(documents(Files.readString(file, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return split(documents, validationFraction);
  }

  /** Splits raw text into normalised documents at byte-order marks. */
  public static List<String> documents(String raw) {
    String text = raw.replace("\r\n", "\n").replace('\r', '\n');
    List<String> docs = new ArrayList<>();
    for (String part : text.split("\uFEFF")) {
      if (!part.isBlank()) {
        docs.add(part);
      }
    }
    return docs;
  }

  /** Applies the hold-out rule to already normalised documents. */
  public static TextCorpus split(List<String> documents, double validationFraction) {
    if (!(validationFraction >= 0 && validationFraction <= 0.5)) {
      throw new IllegalArgumentException(
          "validationFraction must be in [0, 0.5], got " + validationFraction);
    }
    List<String> train = new ArrayList<>();
    List<String> validation = new ArrayList<>();
    for (String doc : documents) {
      int cut = validationFraction == 0 ? -1 : cutPoint(doc, validationFraction);
      if (cut <= 0 || cut >= doc.length()) {
        train.add(doc);
      } else {
        train.add(doc.substring(0, cut));
        validation.add(doc.substring(cut));
      }
    }
    return new TextCorpus(train, validation);
  }

  /** First line start at or after {@code (1 - fraction) * length}; -1 if there is none. */
  private static int cutPoint(String doc, double fraction) {
    int target = (int) Math.floor(doc.length() * (1 - fraction));
    if (target == 0 || doc.charAt(target - 1) == '\n') {
      return target;
    }
    int newline = doc.indexOf('\n', target);
    return newline < 0 ? -1 : newline + 1;
  }
}
