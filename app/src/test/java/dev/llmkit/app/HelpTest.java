package dev.llmkit.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What a new user reads first: {@code llmkit --help} and {@code llmkit ask --help}. */
class HelpTest {

  /** Every command and subcommand, by its full name ({@code "train ner"}). */
  private static Map<String, CommandLine> commands(CommandLine root) {
    Map<String, CommandLine> out = new java.util.LinkedHashMap<>();
    root.getSubcommands()
        .forEach(
            (name, sub) -> {
              out.put(name, sub);
              commands(sub).forEach((child, cl) -> out.put(name + " " + child, cl));
            });
    return out;
  }

  @Test
  void everyCommandSummaryIsOneCompleteSentence() {
    commands(Main.commandLine())
        .forEach(
            (name, cl) -> {
              String[] description = cl.getCommandSpec().usageMessage().description();
              assertThat(description).as(name).isNotEmpty();
              assertThat(description[0]).as(name).endsWith(".").doesNotEndWith(",.");
            });
  }

  @Test
  void theCommandListGivesEachCommandOneLine() {
    String usage = Main.commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
    List<String> lines = usage.substring(usage.indexOf("Commands:")).lines().skip(1).toList();
    List<String> names = new ArrayList<>(Main.commandLine().getSubcommands().keySet());
    assertThat(lines).hasSize(names.size());
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i).trim()).as(lines.get(i)).startsWith(names.get(i) + " ").endsWith(".");
    }
  }

  @Test
  void askHelpShowsExamplesExitCodesJsonAndGroupsThePostgresOptionsLast() {
    String help =
        Main.commandLine().getSubcommands().get("ask").getUsageMessage(CommandLine.Help.Ansi.OFF);
    assertThat(help).contains("Examples:", "Exit codes:", "--json");
    int group = help.indexOf("PostgreSQL with pgvector");
    assertThat(group).isPositive();
    // Option rows (not the synopsis): the everyday options first, the --pg-* group after them.
    assertThat(help.indexOf("\n      --pg-url=")).isGreaterThan(group);
    assertThat(help.indexOf("\n      --pg-socket-timeout=")).isGreaterThan(group);
    assertThat(help.indexOf("\n      --top-k=")).isPositive().isLessThan(group);
    assertThat(help.indexOf("\n      --qa-model=")).isPositive().isLessThan(group);
  }
}
