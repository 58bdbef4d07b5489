package dev.llmkit.inference.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.llmkit.inference.device.Placement;
import dev.llmkit.inference.gpt2.Gpt2Model;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.ModelLoadException;
import dev.llmkit.inference.model.TokenClassifier;
import dev.llmkit.inference.testing.TinyModels;
import dev.llmkit.tokenization.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadedModelTest {

  @TempDir Path dir;

  /** The tiny BERT with heads beside the tiny WordPiece tokenizer, as one model directory. */
  private Path tinyBertDirectory() throws Exception {
    for (Path source :
        new Path[] {
          TinyModels.checkpoint("tiny-bert-heads"), TinyModels.resource("pipelines/tiny-wordpiece")
        }) {
      try (Stream<Path> files = Files.list(source)) {
        for (Path f : files.toList()) {
          Files.copy(f, dir.resolve(f.getFileName()));
        }
      }
    }
    return dir;
  }

  @Test
  void aLoadedModelHoldsItsWeightsTokenizerAndManagerAndFreesThemOnClose() throws Exception {
    NDManager manager;
    try (LoadedModel<TokenClassifier> m =
        LoadedModel.load(
            tinyBertDirectory(), Placement.cpu(), EncoderModels::loadTokenClassifier)) {
      manager = m.manager();
      assertThat(m.tokenizer().encode("hello world").length()).isPositive();
      assertThat(m.model().labels().size()).isPositive();
      assertThat(m.placement()).isEqualTo(Placement.cpu());
      assertThat(manager.isOpen()).isTrue();
    }
    assertThat(manager.isOpen()).isFalse();
  }

  @Test
  void aLoaderThatFailsLeavesNothingOpen() throws Exception {
    AtomicReference<NDManager> seen = new AtomicReference<>();
    assertThatThrownBy(
            () ->
                LoadedModel.<TokenClassifier>load(
                    tinyBertDirectory(),
                    Placement.cpu(),
                    (d, manager, dtype) -> {
                      seen.set(manager);
                      throw new ModelLoadException("corrupt");
                    }))
        .isInstanceOf(ModelLoadException.class);
    assertThat(seen.get().isOpen()).isFalse();
  }

  @Test
  void gpt2RefusesAPrecisionOtherThanFloat32() {
    try (NDManager base = NDManager.newBaseManager()) {
      assertThatThrownBy(
              () -> Gpt2Model.load(TinyModels.resource("gpt2/tiny"), base, DataType.FLOAT16))
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining("GPT-2 loads in float32");
    }
  }

  @Test
  void aFreshModelOwnsItsTokenizerAndManagerAndAFailingInitLeavesNothingOpen() {
    AtomicReference<NDManager> seen = new AtomicReference<>();
    Tokenizer tokenizer = Tokenizer.embedded("gpt2");
    try (LoadedModel<NDManager> fresh =
        LoadedModel.fresh(Placement.cpu(), tokenizer, m -> m.newSubManager())) {
      seen.set(fresh.manager());
      assertThat(fresh.directory()).isNull();
      assertThat(fresh.tokenizer()).isSameAs(tokenizer);
    }
    assertThat(seen.get().isOpen()).isFalse();

    assertThatThrownBy(
            () ->
                LoadedModel.<NDManager>fresh(
                    Placement.cpu(),
                    Tokenizer.embedded("gpt2"),
                    m -> {
                      seen.set(m);
                      throw new IllegalStateException("init failed");
                    }))
        .hasMessage("init failed");
    assertThat(seen.get().isOpen()).isFalse();
  }
}
