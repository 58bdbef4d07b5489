package dev.llmkit.inference.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.inference.model.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationDefaultsTest {

  @TempDir Path dir;

  private GenerationDefaults read(String json) throws IOException {
    Files.writeString(dir.resolve("generation_config.json"), json);
    return GenerationDefaults.read(dir);
  }

  @Test
  void aDirectoryWithoutTheFileKeepsTheHuggingFaceDefaults() {
    GenerationDefaults defaults = GenerationDefaults.read(dir);

    assertThat(defaults).isEqualTo(GenerationDefaults.NONE);
    assertThat(defaults.builder().build()).isEqualTo(GenerationOptions.defaults());
  }

  @Test
  void valuesTheFileSetsReplaceTheLibraryDefaultsAndUnknownKeysAreIgnored() throws IOException {
    // The shape transformers writes with GenerationConfig.save_pretrained.
    GenerationDefaults defaults =
        read(
            """
            {"bos_token_id": 50256, "eos_token_id": 50256, "do_sample": true,
             "temperature": 0.8, "top_k": 40, "top_p": 0.95, "repetition_penalty": 1.1,
             "max_new_tokens": 60, "transformers_version": "4.53.0", "max_length": null}
            """);

    GenerationOptions options = defaults.builder().build();
    assertThat(options.doSample()).isTrue();
    assertThat(options.temperature()).isEqualTo(0.8);
    assertThat(options.topK()).isEqualTo(40);
    assertThat(options.topP()).isEqualTo(0.95);
    assertThat(options.repetitionPenalty()).isEqualTo(1.1);
    assertThat(options.maxNewTokens()).isEqualTo(60);
  }

  @Test
  void whatTheCallerSetsWinsOverTheModelDefaults() throws IOException {
    GenerationDefaults defaults = read("{\"do_sample\": true, \"top_k\": 40}");

    GenerationOptions options = defaults.builder().doSample(false).maxNewTokens(5).build();

    assertThat(options.doSample()).isFalse();
    assertThat(options.maxNewTokens()).isEqualTo(5);
    assertThat(options.topK()).isEqualTo(40); // not set by the caller: the model's value
    assertThat(options.temperature()).isEqualTo(1.0); // set by neither: the library default
  }

  @Test
  void orElseTakesEachUnsetValueFromTheFallback() {
    GenerationDefaults caller = new GenerationDefaults(5, false, null, null, 0.5, null);
    GenerationDefaults model = new GenerationDefaults(60, true, 0.8, 40, 0.95, 1.1);

    assertThat(caller.orElse(model)).isEqualTo(new GenerationDefaults(5, false, 0.8, 40, 0.5, 1.1));
    assertThat(GenerationDefaults.NONE.orElse(model)).isEqualTo(model);
    assertThat(model.orElse(GenerationDefaults.NONE)).isEqualTo(model);
  }

  @Test
  void aWronglyTypedValueIsAModelProblemNamingTheKey() throws IOException {
    assertThatThrownBy(() -> read("{\"top_k\": 0.5}"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("generation_config.json: top_k must be an integer, got 0.5");
    assertThatThrownBy(() -> read("{\"do_sample\": \"yes\"}"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("do_sample must be true or false");
    assertThatThrownBy(() -> read("{\"top_p\": 1.5}"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("top_p");
    assertThatThrownBy(() -> read("[1, 2]"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> read("{"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("not valid JSON");
  }
}
