package dev.llmkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.app.testing.CliRun;
import dev.llmkit.inference.defaults.DefaultTask;
import dev.llmkit.inference.defaults.NoDefaultModelException;
import dev.llmkit.inference.device.DeviceException;
import dev.llmkit.inference.generation.InvalidGenerationOptionsException;
import dev.llmkit.inference.model.ModelInputException;
import dev.llmkit.inference.model.ModelLoadException;
import dev.llmkit.inference.store.ModelStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exit codes and the help of the model commands. */
class CliErrorsTest {

  @Test
  void badInputIsTwo() {
    assertThat(CliErrors.exitCode(new ModelInputException("too long"))).isEqualTo(2);
    assertThat(CliErrors.exitCode(new InvalidGenerationOptionsException("top_p"))).isEqualTo(2);
    assertThat(CliErrors.exitCode(new DeviceException("no cuda"))).isEqualTo(2);
    assertThat(CliErrors.exitCode(new IllegalArgumentException("stride"))).isEqualTo(2);
  }

  @Test
  void modelProblemsAreThree() {
    assertThat(CliErrors.exitCode(new ModelLoadException("bad config"))).isEqualTo(3);
    assertThat(
            CliErrors.exitCode(
                new ModelStoreException(ModelStoreException.Reason.NOT_FOUND, "no repo")))
        .isEqualTo(3);
    assertThat(CliErrors.exitCode(new NoDefaultModelException(DefaultTask.QA, "none")))
        .isEqualTo(3);
  }

  @Test
  void anythingElseIsOne() {
    assertThat(CliErrors.exitCode(new IllegalStateException("bug"))).isEqualTo(1);
  }

  @Test
  void topLevelHelpListsTheModelCommands() {
    CliRun run = CliRun.of("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("ner", "qa", "generate", "embed", "warmup", "tokenize");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ner", "qa", "generate", "embed", "warmup"})
  void everyCommandHelpHasExamplesAndExitCodes(String command) {
    CliRun run = CliRun.of(command, "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Examples:", "  llmkit " + command, "Exit codes:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ner", "qa", "generate", "embed"})
  void modelCommandsShareTheModelOptions(String command) {
    assertThat(CliRun.of(command, "--help").out())
        .contains("--model=DIR|ORG/NAME[@REV]", "--device=auto|cpu|cuda[:N]", "--dtype=")
        .contains("--threads=N", "--verbose");
  }
}
