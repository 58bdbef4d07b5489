package dev.llmkit.server.retrieval.store;

import dev.langchain4j.store.embedding.filter.Filter;
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
import java.util.Collection;
import java.util.UUID;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Translates LangChain4j metadata {@link Filter}s into Lucene queries over the fields written by
 * {@link MetadataCodec}: equality and {@code in} on strings, UUIDs and numbers, {@code <, <=, >,
 * >=} on numbers, and {@code and / or / not}.
 *
 * <p>As in LangChain4j's in-memory store, {@code !=} and {@code not in} also match segments that
 * lack the key.
 */
public final class FilterQueries {

  private FilterQueries() {}

  /**
   * The query selecting what {@code filter} accepts.
   *
   * @throws UnsupportedFilterException for filters with no Lucene translation (e.g. {@code
   *     containsString}) or comparisons of a string with {@code <}
   */
  public static Query toQuery(Filter filter) {
    if (filter instanceof IsEqualTo f) {
      return equal(f.key(), f.comparisonValue());
    } else if (filter instanceof IsNotEqualTo f) {
      return not(equal(f.key(), f.comparisonValue()));
    } else if (filter instanceof IsIn f) {
      return anyOf(f.key(), f.comparisonValues());
    } else if (filter instanceof IsNotIn f) {
      return not(anyOf(f.key(), f.comparisonValues()));
    } else if (filter instanceof IsGreaterThan f) {
      return range(f.key(), f.comparisonValue(), false, true);
    } else if (filter instanceof IsGreaterThanOrEqualTo f) {
      return range(f.key(), f.comparisonValue(), true, true);
    } else if (filter instanceof IsLessThan f) {
      return range(f.key(), f.comparisonValue(), false, false);
    } else if (filter instanceof IsLessThanOrEqualTo f) {
      return range(f.key(), f.comparisonValue(), true, false);
    } else if (filter instanceof And f) {
      return new BooleanQuery.Builder()
          .add(toQuery(f.left()), Occur.FILTER)
          .add(toQuery(f.right()), Occur.FILTER)
          .build();
    } else if (filter instanceof Or f) {
      return new BooleanQuery.Builder()
          .add(toQuery(f.left()), Occur.SHOULD)
          .add(toQuery(f.right()), Occur.SHOULD)
          .setMinimumNumberShouldMatch(1)
          .build();
    } else if (filter instanceof Not f) {
      return not(toQuery(f.expression()));
    }
    throw new UnsupportedFilterException(
        "filter " + filter.getClass().getSimpleName() + " is not supported by the store");
  }

  private static Query equal(String key, Object value) {
    if (value instanceof Number n) {
      return DoublePoint.newExactQuery(MetadataCodec.NUMBER_PREFIX + key, n.doubleValue());
    }
    if (value instanceof String || value instanceof UUID) {
      return new TermQuery(new Term(MetadataCodec.STRING_PREFIX + key, value.toString()));
    }
    throw new UnsupportedFilterException(
        "cannot compare '" + key + "' with a " + value.getClass().getSimpleName());
  }

  private static Query anyOf(String key, Collection<?> values) {
    BooleanQuery.Builder any = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
    for (Object v : values) {
      any.add(equal(key, v), Occur.SHOULD);
    }
    return any.build();
  }

  private static Query range(String key, Object value, boolean inclusive, boolean above) {
    if (!(value instanceof Number n)) {
      throw new UnsupportedFilterException(
          "'" + key + "': order comparisons need a number, got " + value);
    }
    double v = n.doubleValue();
    String field = MetadataCodec.NUMBER_PREFIX + key;
    if (above) {
      double lo = inclusive ? v : Math.nextUp(v);
      return DoublePoint.newRangeQuery(field, lo, Double.POSITIVE_INFINITY);
    }
    double hi = inclusive ? v : Math.nextDown(v);
    return DoublePoint.newRangeQuery(field, Double.NEGATIVE_INFINITY, hi);
  }

  private static Query not(Query q) {
    return new BooleanQuery.Builder()
        .add(new MatchAllDocsQuery(), Occur.FILTER)
        .add(q, Occur.MUST_NOT)
        .build();
  }
}
