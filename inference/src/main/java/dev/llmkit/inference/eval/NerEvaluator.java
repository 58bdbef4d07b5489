package dev.llmkit.inference.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Entity-level NER scores computed exactly as the CoNLL-2000 {@code conlleval} script (and
 * seqeval's default, conlleval-compatible mode) compute them.
 *
 * <p>Chunks are read from the tags with conlleval's rules: {@code B-} always starts a chunk; an
 * {@code I-} after {@code O} starts one; a change of type starts one (and ends the previous); a
 * sentence end ends any open chunk. {@code E-} and {@code S-} tags (IOBES) follow the same script.
 * A predicted chunk is correct when a gold chunk has the same first token, last token and type.
 * Precision, recall and F1 are micro-averaged over chunks.
 */
public final class NerEvaluator {

  private NerEvaluator() {}

  /**
   * Scores predicted tag sequences against gold ones.
   *
   * @param gold gold tags, one list per sentence
   * @param predicted predicted tags, same shape as {@code gold}
   * @throws IllegalArgumentException if the shapes differ or a tag is malformed
   */
  public static NerScores evaluate(List<List<String>> gold, List<List<String>> predicted) {
    if (gold.size() != predicted.size()) {
      throw new IllegalArgumentException(
          "gold has " + gold.size() + " sentences, predictions " + predicted.size());
    }
    long tokens = 0;
    long correctTags = 0;
    for (int s = 0; s < gold.size(); s++) {
      List<String> g = gold.get(s);
      List<String> p = predicted.get(s);
      if (g.size() != p.size()) {
        throw new IllegalArgumentException(
            "sentence " + s + ": " + g.size() + " gold tags, " + p.size() + " predicted");
      }
      for (int i = 0; i < g.size(); i++) {
        check(g.get(i));
        check(p.get(i));
        if (g.get(i).equals(p.get(i))) {
          correctTags++;
        }
      }
      tokens += g.size();
    }
    List<Entity> goldEntities = entities(gold);
    List<Entity> predictedEntities = entities(predicted);
    Set<Entity> goldSet = new HashSet<>(goldEntities);

    Map<String, long[]> counts = new TreeMap<>(); // type -> {gold, predicted, correct}
    for (Entity e : goldEntities) {
      counts.computeIfAbsent(e.type(), t -> new long[3])[0]++;
    }
    long correct = 0;
    for (Entity e : predictedEntities) {
      long[] c = counts.computeIfAbsent(e.type(), t -> new long[3]);
      c[1]++;
      if (goldSet.contains(e)) {
        c[2]++;
        correct++;
      }
    }
    Map<String, EntityScores> perType = new TreeMap<>();
    counts.forEach((type, c) -> perType.put(type, EntityScores.of(c[0], c[1], c[2])));
    return new NerScores(
        EntityScores.of(goldEntities.size(), predictedEntities.size(), correct),
        perType,
        tokens == 0 ? 0 : (double) correctTags / tokens,
        tokens,
        gold.size());
  }

  /** The chunks of tagged sentences, read with conlleval's rules. */
  public static List<Entity> entities(List<List<String>> sentences) {
    List<Entity> out = new ArrayList<>();
    for (int s = 0; s < sentences.size(); s++) {
      List<String> tags = sentences.get(s);
      String prevTag = "O";
      String prevType = "";
      int begin = 0;
      // One step past the end with an implicit O closes a chunk that runs to the sentence end.
      for (int i = 0; i <= tags.size(); i++) {
        String full = i < tags.size() ? tags.get(i) : "O";
        String tag = prefix(full);
        String type = type(full);
        if (endOfChunk(prevTag, tag, prevType, type)) {
          out.add(new Entity(s, prevType, begin, i - 1));
        }
        if (startOfChunk(prevTag, tag, prevType, type)) {
          begin = i;
        }
        prevTag = tag;
        prevType = type;
      }
    }
    return out;
  }

  /** Entity types present in gold or predictions, sorted. */
  public static Set<String> types(List<Entity> entities) {
    Set<String> types = new TreeSet<>();
    entities.forEach(e -> types.add(e.type()));
    return types;
  }

  // conlleval endOfChunk: does a chunk end between the previous token and this one?
  private static boolean endOfChunk(String prevTag, String tag, String prevType, String type) {
    if (prevTag.equals("E") || prevTag.equals("S")) {
      return true;
    }
    if (prevTag.equals("B") || prevTag.equals("I")) {
      if (tag.equals("B") || tag.equals("S") || tag.equals("O")) {
        return true;
      }
    }
    return !prevTag.equals("O") && !prevType.equals(type);
  }

  // conlleval startOfChunk: does a chunk start at this token?
  private static boolean startOfChunk(String prevTag, String tag, String prevType, String type) {
    if (tag.equals("B") || tag.equals("S")) {
      return true;
    }
    if (tag.equals("I") || tag.equals("E")) {
      if (prevTag.equals("E") || prevTag.equals("S") || prevTag.equals("O")) {
        return true;
      }
    }
    return !tag.equals("O") && !prevType.equals(type);
  }

  private static void check(String tag) {
    if (tag.equals("O")) {
      return;
    }
    if (tag.length() < 3 || tag.charAt(1) != '-' || "BIES".indexOf(tag.charAt(0)) < 0) {
      throw new IllegalArgumentException(
          "malformed tag '" + tag + "' (expected O or B-/I-/E-/S-TYPE)");
    }
  }

  private static String prefix(String tag) {
    return tag.equals("O") ? "O" : tag.substring(0, 1);
  }

  private static String type(String tag) {
    return tag.equals("O") ? "" : tag.substring(2);
  }
}
