package dev.llmkit.server.retrieval.pgvector;

import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.filter.comparison.ContainsString;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThan;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsIn;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThan;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotIn;
import dev.langchain4j.store.embedding.filter.logical.And;
import dev.langchain4j.store.embedding.filter.logical.Not;
import dev.langchain4j.store.embedding.filter.logical.Or;
import dev.llmkit.server.retrieval.store.UnsupportedFilterException;
import java.util.regex.Pattern;

/**
 * Guards the metadata keys of a filter before LangChain4j's pgvector mapper pastes them into SQL
 * ({@code metadata->>'KEY'}; values are quoted by the mapper, keys are not): only letters, digits
 * and {@code _ . : -} pass.
 */
final class FilterKeys {

  private static final Pattern SAFE = Pattern.compile("[\\p{L}\\p{N}_.:-]{1,128}");

  private FilterKeys() {}

  /**
   * Checks every key of the filter (null passes).
   *
   * @throws UnsupportedFilterException for a key that is not safe SQL or a filter type the check
   *     does not know
   */
  static Filter check(Filter filter) {
    if (filter != null) {
      walk(filter);
    }
    return filter;
  }

  private static void walk(Filter f) {
    if (f instanceof And a) {
      walk(a.left());
      walk(a.right());
    } else if (f instanceof Or o) {
      walk(o.left());
      walk(o.right());
    } else if (f instanceof Not n) {
      walk(n.expression());
    } else {
      key(keyOf(f));
    }
  }

  private static String keyOf(Filter f) {
    if (f instanceof IsEqualTo c) {
      return c.key();
    } else if (f instanceof IsNotEqualTo c) {
      return c.key();
    } else if (f instanceof IsGreaterThan c) {
      return c.key();
    } else if (f instanceof IsGreaterThanOrEqualTo c) {
      return c.key();
    } else if (f instanceof IsLessThan c) {
      return c.key();
    } else if (f instanceof IsLessThanOrEqualTo c) {
      return c.key();
    } else if (f instanceof IsIn c) {
      return c.key();
    } else if (f instanceof IsNotIn c) {
      return c.key();
    } else if (f instanceof ContainsString c) {
      return c.key();
    }
    throw new UnsupportedFilterException(
        "the pgvector store cannot evaluate a " + f.getClass().getSimpleName() + " filter");
  }

  private static void key(String key) {
    if (key == null || !SAFE.matcher(key).matches()) {
      throw new UnsupportedFilterException(
          "metadata key '"
              + key
              + "' cannot be filtered in the pgvector store: use letters, digits, _ . : or -");
    }
  }
}
