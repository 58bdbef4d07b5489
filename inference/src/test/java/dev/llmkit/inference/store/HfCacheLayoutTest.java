package dev.llmkit.inference.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HfCacheLayoutTest {

  @TempDir Path root;

  @ParameterizedTest
  @ValueSource(
      strings = {"../evil", "a/../../evil", "/etc/passwd", "a//b", "a\\b", "C:x", "./a", ""})
  void fileNamesFromTheHubCannotEscapeTheSnapshot(String name) {
    HfCacheLayout cache = new HfCacheLayout(root);
    assertThatThrownBy(() -> cache.snapshotFile(new RepoId("a/b"), "0".repeat(40), name))
        .isInstanceOf(ModelStoreException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "a/b", "", "x y", ".hidden"})
  void etagsFromTheHubMustBePlainNames(String etag) {
    HfCacheLayout cache = new HfCacheLayout(root);
    assertThatThrownBy(() -> cache.blob(new RepoId("a/b"), etag))
        .isInstanceOf(ModelStoreException.class);
  }

  @Test
  void refsRoundTripAndNestedRefsWork() {
    HfCacheLayout cache = new HfCacheLayout(root);
    RepoId repo = new RepoId("a/b");
    String sha = "ab".repeat(20);
    cache.writeRef(repo, "refs/pr/3", sha);
    assertThat(root.resolve("models--a--b/refs/refs/pr/3")).hasContent(sha);
    assertThat(cache.readRef(repo, "refs/pr/3")).contains(sha);
    assertThat(cache.cachedCommit(repo, sha)).contains(sha);
    assertThat(cache.readRef(repo, "main")).isEmpty();
  }

  @Test
  void aShaRevisionIsNeverWrittenAsARef() {
    HfCacheLayout cache = new HfCacheLayout(root);
    String sha = "cd".repeat(20);
    cache.writeRef(new RepoId("a/b"), sha, sha);
    assertThat(root.resolve("models--a--b")).doesNotExist();
  }
}
