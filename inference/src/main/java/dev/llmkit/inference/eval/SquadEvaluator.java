package dev.llmkit.inference.eval;

import dev.llmkit.inference.data.SquadAnswer;
import dev.llmkit.inference.data.SquadExample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * SQuAD v1.1 exact match and F1 with the official answer normalisation.
 *
 * <p>Mirrors {@code evaluate-v1.1.py}: {@code normalize_answer} lower-cases, removes the ASCII
 * punctuation of Python's {@code string.punctuation}, removes the articles a/an/the as whole words,
 * and collapses whitespace; F1 counts the multiset overlap of whitespace tokens and is 0 when there
 * is none; each question takes the maximum over its gold answers; the averages are multiplied by
 * 100. A question without a prediction scores 0.
 */
public final class SquadEvaluator {

  /** Python's {@code string.punctuation}. */
  static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  // Python 3 re: \b on str patterns is Unicode-aware, as is UNICODE_CHARACTER_CLASS.
  private static final Pattern ARTICLES =
      Pattern.compile("\\b(a|an|the)\\b", Pattern.UNICODE_CHARACTER_CLASS);

  private SquadEvaluator() {}

  /**
   * Scores predictions against the gold answers of the examples.
   *
   * @param examples gold questions (ids unique)
   * @param predictions question id to predicted answer text
   */
  public static SquadScores evaluate(List<SquadExample> examples, Map<String, String> predictions) {
    double em = 0;
    double f1 = 0;
    int missing = 0;
    for (SquadExample example : examples) {
      String prediction = predictions.get(example.id());
      if (prediction == null) {
        missing++;
        continue;
      }
      List<String> golds = example.answers().stream().map(SquadAnswer::text).toList();
      em += maxOver(golds, g -> exactMatch(prediction, g));
      f1 += maxOver(golds, g -> f1(prediction, g));
    }
    int n = examples.size();
    return new SquadScores(n == 0 ? 0 : 100.0 * em / n, n == 0 ? 0 : 100.0 * f1 / n, n, missing);
  }

  /** {@code normalize_answer} of the official script. */
  public static String normalize(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    StringBuilder noPunct = new StringBuilder(lower.length());
    lower
        .codePoints()
        .filter(c -> c >= 128 || PUNCTUATION.indexOf(c) < 0)
        .forEach(noPunct::appendCodePoint);
    String noArticles = ARTICLES.matcher(noPunct).replaceAll(" ");
    return String.join(" ", pythonSplit(noArticles));
  }

  /** 1 if the normalised strings are equal, else 0. */
  public static double exactMatch(String prediction, String gold) {
    return normalize(prediction).equals(normalize(gold)) ? 1 : 0;
  }

  /** Token-level F1 between normalised prediction and gold (multiset overlap). */
  public static double f1(String prediction, String gold) {
    List<String> predTokens = pythonSplit(normalize(prediction));
    List<String> goldTokens = pythonSplit(normalize(gold));
    Map<String, Integer> goldCounts = new HashMap<>();
    goldTokens.forEach(t -> goldCounts.merge(t, 1, Integer::sum));
    int same = 0;
    for (String t : predTokens) {
      Integer c = goldCounts.get(t);
      if (c != null && c > 0) {
        goldCounts.put(t, c - 1);
        same++;
      }
    }
    if (same == 0) {
      return 0;
    }
    double precision = (double) same / predTokens.size();
    double recall = (double) same / goldTokens.size();
    return 2 * precision * recall / (precision + recall);
  }

  private static double maxOver(List<String> golds, ToDoubleFunction<String> f) {
    double best = 0;
    for (String g : golds) {
      best = Math.max(best, f.applyAsDouble(g));
    }
    return best;
  }

  /** Python's {@code str.split()}: runs of Unicode whitespace separate, no empty tokens. */
  static List<String> pythonSplit(CharSequence s) {
    List<String> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < s.length(); ) {
      int c = Character.codePointAt(s, i);
      boolean space = isPythonSpace(c);
      if (space && start >= 0) {
        out.add(s.subSequence(start, i).toString());
        start = -1;
      } else if (!space && start < 0) {
        start = i;
      }
      i += Character.charCount(c);
    }
    if (start >= 0) {
      out.add(s.subSequence(start, s.length()).toString());
    }
    return out;
  }

  /** Python's {@code str.isspace()} for one code point. */
  static boolean isPythonSpace(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
  }
}
