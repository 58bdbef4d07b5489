package dev.llmkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.server.error.ApiException;
import dev.llmkit.server.error.ErrorType;
import dev.llmkit.server.retrieval.StoreAccessException;
import dev.llmkit.server.retrieval.UnsupportedRetrievalModeException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class StoreErrorMappingTest {

  @Test
  void aDocumentStoreOutageIs503WithTheStoresMessage() {
    ApiException e =
        ErrorMapper.toApi(
            new CompletionException(
                new StoreAccessException(
                    "the pgvector store on db:5432/rag failed: connection refused",
                    new SQLException("connection refused", "08001"))));
    assertThat(e.type()).isEqualTo(ErrorType.UNHEALTHY);
    assertThat(e.type().status()).isEqualTo(503);
    assertThat(e.getMessage()).contains("pgvector store on db:5432/rag");
  }

  @Test
  void aModeTheStoreCannotServeIs422() {
    ApiException e =
        ErrorMapper.toApi(new UnsupportedRetrievalModeException("mode bm25 needs lucene"));
    assertThat(e.type()).isEqualTo(ErrorType.VALIDATION);
    assertThat(e.getMessage()).isEqualTo("mode bm25 needs lucene");
  }
}
