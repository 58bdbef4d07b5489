package dev.llmkit.inference.generation;

import java.util.List;

/**
 * Finds stop strings in growing decoded text. Each call searches only the tail that new text can
 * complete, so a stop string spanning several tokens is found once its last character arrives.
 */
final class StopSequences {

  private final List<String> stops;
  private final int longest;

  StopSequences(List<String> stops) {
    this.stops = stops;
    this.longest = stops.stream().mapToInt(String::length).max().orElse(0);
  }

  boolean isEmpty() {
    return stops.isEmpty();
  }

  /**
   * The earliest index in {@code text} where a stop string starts, looking only at matches that end
   * after {@code previousLength}; -1 if none.
   */
  int find(CharSequence text, int previousLength) {
    if (stops.isEmpty() || text.length() == previousLength) {
      return -1;
    }
    int from = Math.max(0, previousLength - longest + 1);
    String tail = text.subSequence(from, text.length()).toString();
    int best = -1;
    for (String stop : stops) {
      int at = tail.indexOf(stop);
      if (at >= 0 && (best < 0 || at < best)) {
        best = at;
      }
    }
    return best < 0 ? -1 : from + best;
  }

  /** The earliest index in the whole {@code text} where a stop string starts; -1 if none. */
  int findIn(String text) {
    int best = -1;
    for (String stop : stops) {
      int at = text.indexOf(stop);
      if (at >= 0 && (best < 0 || at < best)) {
        best = at;
      }
    }
    return best;
  }
}
