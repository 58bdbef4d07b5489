package dev.llmkit.app.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A Dockerfile split into stages and instructions: continuation lines joined, comments dropped.
 * Just enough of the format for the rules the tests check.
 */
record Dockerfile(Map<String, String> globalArgs, List<Stage> stages) {

  /** One instruction, keyword upper-cased. */
  record Instruction(String keyword, String arguments) {}

  /** {@code FROM from AS name} and what follows it. */
  record Stage(String from, String name, List<Instruction> instructions) {

    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    Optional<Instruction> last(String keyword) {
      List<Instruction> found = all(keyword);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
    }

    int indexOf(String keyword) {
      for (int i = 0; i < instructions.size(); i++) {
        if (instructions.get(i).keyword().equals(keyword)) {
          return i;
        }
      }
      return -1;
    }
  }

  static Dockerfile parse(String text) {
    Map<String, String> args = new TreeMap<>();
    List<Stage> stages = new ArrayList<>();
    StringBuilder logical = new StringBuilder();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && logical.isEmpty())) {
        continue;
      }
      if (line.endsWith("\\")) {
        logical.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      logical.append(line);
      String instruction = logical.toString().strip();
      logical.setLength(0);
      if (instruction.isEmpty()) {
        continue;
      }
      String[] parts = instruction.split("\\s+", 2);
      String keyword = parts[0].toUpperCase(Locale.ROOT);
      String arguments = parts.length > 1 ? parts[1].strip() : "";
      if (keyword.equals("FROM")) {
        String[] from = arguments.split("\\s+");
        String name = from.length == 3 && from[1].equalsIgnoreCase("AS") ? from[2] : null;
        stages.add(new Stage(from[0], name, new ArrayList<>()));
      } else if (stages.isEmpty()) {
        if (keyword.equals("ARG")) {
          String[] kv = arguments.split("=", 2);
          args.put(kv[0], kv.length > 1 ? kv[1] : null);
        }
      } else {
        stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, arguments));
      }
    }
    return new Dockerfile(args, stages);
  }

  Stage stage(String name) {
    return stages.stream()
        .filter(s -> name.equals(s.name()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no stage " + name));
  }

  /** The stage a plain {@code docker build} produces: the last one. */
  Stage target() {
    return stages.get(stages.size() - 1);
  }

  /** The stage names {@code from} resolves to: one, or one per value when it uses an ARG. */
  List<String> expansions(String from, Map<String, List<String>> argValues) {
    for (Map.Entry<String, List<String>> arg : argValues.entrySet()) {
      String ref = "${" + arg.getKey() + "}";
      if (from.contains(ref)) {
        return arg.getValue().stream().map(v -> from.replace(ref, v)).toList();
      }
    }
    return List.of(from);
  }
}
