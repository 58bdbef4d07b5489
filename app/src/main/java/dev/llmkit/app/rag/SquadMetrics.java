package dev.llmkit.app.rag;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Exact match and token F1 as the official SQuAD v1.1 evaluator defines them: lower-case, strip
 * punctuation, drop the articles a/an/the, collapse whitespace, then take the best score over the
 * gold answers.
 */
public final class SquadMetrics {

  private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");
  private static final Pattern SPACE = Pattern.compile("\\s+");

  private SquadMetrics() {}

  /** The evaluator's {@code normalize_answer}. */
  public static String normalize(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    StringBuilder noPunct = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      // Python's string.punctuation: the ASCII punctuation characters
      if (!(c < 128 && isAsciiPunctuation(c))) {
        noPunct.append(c);
      }
    }
    String noArticles = ARTICLES.matcher(noPunct).replaceAll(" ");
    return SPACE.matcher(noArticles.strip()).replaceAll(" ");
  }

  private static boolean isAsciiPunctuation(char c) {
    return "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".indexOf(c) >= 0;
  }

  /** 1 if the normalized texts are equal, else 0; the best over the golds. */
  public static double exactMatch(String prediction, List<String> golds) {
    String p = normalize(prediction);
    for (String g : golds) {
      if (p.equals(normalize(g))) {
        return 1;
      }
    }
    return 0;
  }

  /** Token-overlap F1, the best over the golds. */
  public static double f1(String prediction, List<String> golds) {
    double best = 0;
    for (String g : golds) {
      best = Math.max(best, f1(prediction, g));
    }
    return best;
  }

  static double f1(String prediction, String gold) {
    List<String> p = tokens(prediction);
    List<String> g = tokens(gold);
    Map<String, Integer> counts = new HashMap<>();
    for (String t : g) {
      counts.merge(t, 1, Integer::sum);
    }
    int same = 0;
    for (String t : p) {
      Integer c = counts.get(t);
      if (c != null && c > 0) {
        same++;
        counts.put(t, c - 1);
      }
    }
    if (same == 0) {
      return 0;
    }
    double precision = same / (double) p.size();
    double recall = same / (double) g.size();
    return 2 * precision * recall / (precision + recall);
  }

  private static List<String> tokens(String s) {
    String n = normalize(s);
    return n.isEmpty() ? List.of() : Arrays.asList(n.split(" "));
  }
}
