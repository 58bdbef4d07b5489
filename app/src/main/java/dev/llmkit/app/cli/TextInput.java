package dev.llmkit.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@code TEXT...} arguments of a command, where {@code -} means standard input. */
public final class TextInput {

  private TextInput() {}

  /**
   * The texts, in order; each {@code -} is replaced by all of standard input as one text (a final
   * newline, as {@code echo} adds, removed).
   */
  public static List<String> wholeTexts(List<String> args, InputStream stdin) {
    List<String> texts = new ArrayList<>(args.size());
    for (String arg : args) {
      texts.add(arg.equals("-") ? stripFinalNewline(read(stdin)) : arg);
    }
    return texts;
  }

  /** The texts, in order; each {@code -} is replaced by the non-blank lines of standard input. */
  public static List<String> lines(List<String> args, InputStream stdin) {
    List<String> texts = new ArrayList<>(args.size());
    for (String arg : args) {
      if (arg.equals("-")) {
        read(stdin).lines().filter(l -> !l.isBlank()).forEach(texts::add);
      } else {
        texts.add(arg);
      }
    }
    return texts;
  }

  private static String read(InputStream stdin) {
    try {
      return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read standard input", e);
    }
  }

  private static String stripFinalNewline(String text) {
    if (text.endsWith("\r\n")) {
      return text.substring(0, text.length() - 2);
    }
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }
}
