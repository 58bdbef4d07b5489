package dev.llmkit.inference.ner;

import dev.llmkit.tokenization.Encoding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Turns token-classification logits into entities, mirroring the post-processing of Hugging Face's
 * token-classification pipeline (transformers 4.53, <a
 * href="https://github.com/huggingface/transformers/blob/v4.53.0/src/transformers/pipelines/token_classification.py">pipelines/token_classification.py</a>):
 * softmax, {@code gather_pre_entities} (subword detection), word aggregation, B-/I- grouping,
 * {@code ignore_labels}, and the merge of overlapping windows.
 *
 * <p>Pure logic over encodings and float arrays, with no model: exact and cheap to test.
 */
public final class EntityDecoder {

  private final List<String> id2label;
  private final SubwordScheme subwords;
  private final OptionalLong unkId;

  /**
   * @param id2label label of each logit column ({@code config.id2label})
   * @param subwords how the tokenizer marks and joins subwords
   * @param unkId the tokenizer's unknown-token id, if any: such tokens are their own word, spelled
   *     as the text they cover
   */
  public EntityDecoder(List<String> id2label, SubwordScheme subwords, OptionalLong unkId) {
    if (id2label.isEmpty()) {
      throw new IllegalArgumentException("id2label is empty");
    }
    this.id2label = List.copyOf(id2label);
    this.subwords = Objects.requireNonNull(subwords, "subwords");
    this.unkId = Objects.requireNonNull(unkId, "unkId");
  }

  /** The labels, indexed like the logits' last axis. */
  public List<String> labels() {
    return id2label;
  }

  /**
   * Decodes the windows of one text. Entities of every window are aggregated and filtered window by
   * window; with several windows, overlapping entities are then merged keeping the longer one (the
   * more confident on a tie), as Hugging Face's {@code aggregate_overlapping_entities} does.
   *
   * @param text the original text the encodings' offsets refer to
   * @param windows one or more windows, in order
   */
  public List<Entity> decode(String text, List<TokenLogits> windows, NerOptions options) {
    if (windows.isEmpty()) {
      throw new IllegalArgumentException("no windows to decode");
    }
    List<Entity> all = new ArrayList<>();
    for (TokenLogits window : windows) {
      List<Entity> entities = aggregate(gather(text, window), options.aggregationStrategy());
      for (Entity e : entities) {
        if (!options.ignoreLabels().contains(e.entity())) {
          all.add(e);
        }
      }
    }
    return windows.size() > 1 ? mergeOverlapping(all) : all;
  }

  /** A token with its probabilities: HF's {@code pre_entity}. */
  private record PreEntity(String word, double[] scores, Span span, int index, boolean isSubword) {}

  /** Offsets in code points and UTF-16 units. */
  private record Span(int start, int end, int utf16Start, int utf16End) {}

  private List<PreEntity> gather(String text, TokenLogits window) {
    Encoding enc = window.encoding();
    List<PreEntity> out = new ArrayList<>();
    for (int i = 0; i < enc.length(); i++) {
      // Special tokens and padding are never entities.
      if (enc.specialTokensMask()[i] || enc.attentionMask()[i] == 0) {
        continue;
      }
      float[] row = window.logits()[i];
      if (row.length != id2label.size()) {
        throw new IllegalArgumentException(
            "token "
                + i
                + " has "
                + row.length
                + " logits but there are "
                + id2label.size()
                + " labels");
      }
      Span span =
          new Span(enc.codePointStart()[i], enc.codePointEnd()[i], enc.start()[i], enc.end()[i]);
      String word = enc.tokens()[i];
      String wordRef = text.substring(span.utf16Start(), span.utf16End());
      boolean isSubword;
      if (subwords.hasContinuingSubwordPrefix()) {
        // "##ing" covers "ing": lengths differ, so it continues a word.
        isSubword = codePoints(word) != codePoints(wordRef);
      } else {
        // HF's fallback: a subword unless a space touches its start.
        isSubword = span.start() > 0 && !touchesSpace(text, span.utf16Start());
      }
      if (unkId.isPresent() && enc.ids()[i] == unkId.getAsLong()) {
        word = wordRef;
        isSubword = false;
      }
      out.add(new PreEntity(word, softmax(row), span, i, isSubword));
    }
    return out;
  }

  private List<Entity> aggregate(List<PreEntity> pre, AggregationStrategy strategy) {
    List<Entity> entities = new ArrayList<>();
    if (strategy.aggregatesWords()) {
      List<PreEntity> word = new ArrayList<>();
      for (PreEntity p : pre) {
        if (!word.isEmpty() && !p.isSubword()) {
          entities.add(aggregateWord(word, strategy));
          word.clear();
        }
        word.add(p);
      }
      if (!word.isEmpty()) {
        entities.add(aggregateWord(word, strategy));
      }
    } else {
      for (PreEntity p : pre) {
        int best = argmax(p.scores());
        entities.add(
            entity(id2label.get(best), p.scores()[best], p.word(), p.span(), p.span(), p.index()));
      }
    }
    return strategy == AggregationStrategy.NONE ? entities : groupEntities(entities);
  }

  private Entity aggregateWord(List<PreEntity> tokens, AggregationStrategy strategy) {
    double[] scores =
        switch (strategy) {
          case FIRST -> tokens.get(0).scores();
          case MAX -> {
            // Python's max() keeps the first of equal maxima.
            PreEntity best = tokens.get(0);
            for (PreEntity t : tokens) {
              if (max(t.scores()) > max(best.scores())) {
                best = t;
              }
            }
            yield best.scores();
          }
          case AVERAGE -> {
            double[] mean = new double[id2label.size()];
            for (PreEntity t : tokens) {
              for (int l = 0; l < mean.length; l++) {
                mean[l] += t.scores()[l];
              }
            }
            for (int l = 0; l < mean.length; l++) {
              mean[l] /= tokens.size();
            }
            yield mean;
          }
          default -> throw new IllegalStateException("not a word strategy: " + strategy);
        };
    int best = argmax(scores);
    String word = subwords.join(tokens.stream().map(PreEntity::word).toList());
    return entity(
        id2label.get(best),
        scores[best],
        word,
        tokens.get(0).span(),
        tokens.get(tokens.size() - 1).span(),
        -1);
  }

  /** HF's {@code group_entities}: adjacent entries with the same tag join unless one starts B-. */
  private List<Entity> groupEntities(List<Entity> entities) {
    List<Entity> groups = new ArrayList<>();
    List<Entity> current = new ArrayList<>();
    for (Entity e : entities) {
      if (!current.isEmpty()) {
        Tag tag = Tag.of(e.entity());
        Tag last = Tag.of(current.get(current.size() - 1).entity());
        if (!(tag.name().equals(last.name()) && !tag.begins())) {
          groups.add(group(current));
          current = new ArrayList<>();
        }
      }
      current.add(e);
    }
    if (!current.isEmpty()) {
      groups.add(group(current));
    }
    return groups;
  }

  private Entity group(List<Entity> members) {
    Entity first = members.get(0);
    Entity last = members.get(members.size() - 1);
    // entity_group: the label after its first '-', e.g. "B-PER" -> "PER", "O" -> "O".
    String label = first.entity();
    int dash = label.indexOf('-');
    String groupLabel = dash < 0 ? label : label.substring(dash + 1);
    double score = members.stream().mapToDouble(Entity::score).average().orElseThrow();
    String word = subwords.join(members.stream().map(Entity::word).toList());
    return new Entity(
        groupLabel,
        score,
        word,
        first.start(),
        last.end(),
        first.utf16Start(),
        last.utf16End(),
        OptionalInt.empty());
  }

  /** HF's {@code get_tag}: "B-X" and "I-X" split; any other label is an inside tag of itself. */
  private record Tag(boolean begins, String name) {
    static Tag of(String label) {
      if (label.startsWith("B-")) {
        return new Tag(true, label.substring(2));
      }
      if (label.startsWith("I-")) {
        return new Tag(false, label.substring(2));
      }
      return new Tag(false, label);
    }
  }

  /**
   * HF's {@code aggregate_overlapping_entities}: sorted by start (stably), an entity starting
   * inside the kept one replaces it if longer, or as long and more confident; otherwise it is
   * dropped.
   */
  static List<Entity> mergeOverlapping(List<Entity> entities) {
    if (entities.isEmpty()) {
      return entities;
    }
    List<Entity> sorted = new ArrayList<>(entities);
    sorted.sort(Comparator.comparingInt(Entity::start));
    List<Entity> merged = new ArrayList<>();
    Entity previous = sorted.get(0);
    for (Entity e : sorted) {
      if (previous.start() <= e.start() && e.start() < previous.end()) {
        int length = e.end() - e.start();
        int previousLength = previous.end() - previous.start();
        if (length > previousLength || (length == previousLength && e.score() > previous.score())) {
          previous = e;
        }
      } else {
        merged.add(previous);
        previous = e;
      }
    }
    merged.add(previous);
    return merged;
  }

  private static Entity entity(
      String label, double score, String word, Span first, Span last, int index) {
    return new Entity(
        label,
        score,
        word,
        first.start(),
        last.end(),
        first.utf16Start(),
        last.utf16End(),
        index < 0 ? OptionalInt.empty() : OptionalInt.of(index));
  }

  /** Softmax with the max subtracted, as HF computes it (in double here). */
  static double[] softmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double[] p = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(logits[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /** Index of the first maximum, like numpy's argmax. */
  static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  private static double max(double[] v) {
    return v[argmax(v)];
  }

  private static int codePoints(String s) {
    return s.codePointCount(0, s.length());
  }

  /** Python's {@code " " in sentence[start - 1 : start + 1]}, on UTF-16 indices. */
  private static boolean touchesSpace(String text, int utf16Start) {
    boolean before = utf16Start > 0 && text.codePointBefore(utf16Start) == ' ';
    boolean at = utf16Start < text.length() && text.codePointAt(utf16Start) == ' ';
    return before || at;
  }
}
