package dev.llmkit.server.retrieval;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.store.embedding.filter.Filter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterJsonTest {

  private static Filter parse(String json) throws Exception {
    return FilterJson.parse(new ObjectMapper().readTree(json));
  }

  @Test
  void comparisonsAndLogicParseToLangChain4jFilters() throws Exception {
    assertThat(parse("{\"key\":\"ORG\",\"op\":\"eq\",\"value\":\"Apple\"}"))
        .isEqualTo(metadataKey("ORG").isEqualTo("Apple"));
    assertThat(parse("{\"key\":\"year\",\"op\":\"gte\",\"value\":2020}"))
        .isEqualTo(metadataKey("year").isGreaterThanOrEqualTo(2020L));
    assertThat(
            parse(
                "{\"and\":[{\"key\":\"a\",\"op\":\"eq\",\"value\":\"x\"},"
                    + "{\"not\":{\"key\":\"b\",\"op\":\"in\",\"value\":[1,2]}}]}"))
        .isEqualTo(metadataKey("a").isEqualTo("x").and(Filter.not(metadataKey("b").isIn(1L, 2L))));
  }

  @Test
  void malformedFiltersAreRejectedWithTheReason() {
    assertThatThrownBy(() -> parse("{\"key\":\"a\",\"op\":\"like\",\"value\":\"x\"}"))
        .isInstanceOf(RetrievalInputException.class)
        .hasMessageContaining("unknown op");
    assertThatThrownBy(() -> parse("{\"key\":\"a\",\"op\":\"lt\",\"value\":\"x\"}"))
        .isInstanceOf(RetrievalInputException.class);
    assertThatThrownBy(() -> parse("{\"and\":[{\"key\":\"a\",\"op\":\"eq\",\"value\":1}]}"))
        .isInstanceOf(RetrievalInputException.class);
    assertThatThrownBy(() -> parse("{\"key\":\"a\",\"op\":\"in\",\"value\":[]}"))
        .isInstanceOf(RetrievalInputException.class);
    assertThatThrownBy(() -> parse("[1]")).isInstanceOf(RetrievalInputException.class);
  }

  @Test
  void dataDirectoryPrefersTheFlagThenTheEnvironmentThenHome() {
    Path home = Path.of("/home/u");
    assertThat(DataDirectory.resolve(Path.of("/x"), Map.of("LLMKIT_HOME", "/y"), home))
        .isEqualTo(Path.of("/x"));
    assertThat(DataDirectory.resolve(null, Map.of("LLMKIT_HOME", "/y"), home))
        .isEqualTo(Path.of("/y"));
    assertThat(DataDirectory.resolve(null, Map.of(), home))
        .isEqualTo(Path.of("/home/u/.local/share/llmkit"));
    assertThat(DataDirectory.luceneStore(Path.of("/y"))).isEqualTo(Path.of("/y/retrieval/lucene"));
  }
}
