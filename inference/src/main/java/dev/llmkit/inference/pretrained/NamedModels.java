package dev.llmkit.inference.pretrained;

import dev.llmkit.inference.minilm.AllMiniLmL6V2;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Models llmkit builds from Maven Central artifacts rather than downloading from the Hub, by the
 * names users know them by. {@code --model bert-base-cased} works offline this way; the Hub is
 * never asked for these names.
 */
public final class NamedModels {

  private NamedModels() {}

  /** The names this class resolves, for help texts. */
  public static final List<String> NAMES =
      List.of(
          BertBaseCased.NAME,
          BertBaseCased.HUB_ID,
          AllMiniLmL6V2.NAME,
          "sentence-transformers/" + AllMiniLmL6V2.NAME);

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
    String lower = n.toLowerCase(Locale.ROOT);
    if (lower.equals(AllMiniLmL6V2.NAME.toLowerCase(Locale.ROOT))
        || lower.equals(("sentence-transformers/" + AllMiniLmL6V2.NAME).toLowerCase(Locale.ROOT))) {
      return Optional.of(AllMiniLmL6V2.directory());
    }
    return Optional.empty();
  }
}
