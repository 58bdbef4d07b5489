package dev.llmkit.inference.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelRefTest {

  @Test
  void aHubIdDefaultsToMain() {
    assertThat(ModelRef.parse("sentence-transformers/all-MiniLM-L6-v2"))
        .isEqualTo(new ModelRef.Hub(new RepoId("sentence-transformers/all-MiniLM-L6-v2"), "main"));
  }

  @Test
  void aRevisionFollowsTheAtSign() {
    ModelRef.Hub ref = (ModelRef.Hub) ModelRef.parse("openai-community/gpt2@refs/pr/12");
    assertThat(ref.repo().value()).isEqualTo("openai-community/gpt2");
    assertThat(ref.revision()).isEqualTo("refs/pr/12");
    assertThat(ref.isCommit()).isFalse();
    String sha = "607a30d783dfa663caf39e06633721c8d4cfcd7e";
    assertThat(((ModelRef.Hub) ModelRef.parse("gpt2@" + sha)).isCommit()).isTrue();
  }

  @Test
  void anExistingDirectoryWinsOverAHubId(@TempDir Path dir) {
    assertThat(ModelRef.parse(dir.toString())).isEqualTo(new ModelRef.Local(dir));
  }

  @Test
  void cacheFolderNamesFollowHuggingFaceHub() {
    assertThat(new RepoId("google-bert/bert-base-uncased").cacheFolderName())
        .isEqualTo("models--google-bert--bert-base-uncased");
    assertThat(new RepoId("gpt2").cacheFolderName()).isEqualTo("models--gpt2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a/b/c",
        "org--x/name",
        "org/na..me",
        "/abs/path-that-does-not-exist",
        "org/",
        "org/name.git",
        "org/-name",
        "org/name@",
        "org/name@../../etc",
        "org/name@a b",
        "org/name@/x",
        "bad name"
      })
  void malformedReferencesAreRejected(String text) {
    assertThatThrownBy(() -> ModelRef.parse(text))
        .isInstanceOf(ModelStoreException.class)
        .extracting(e -> ((ModelStoreException) e).reason())
        .isEqualTo(ModelStoreException.Reason.INVALID_REFERENCE);
  }
}
