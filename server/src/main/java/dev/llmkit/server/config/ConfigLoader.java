package dev.llmkit.server.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.llmkit.server.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the one {@link ServerConfig} from, in increasing precedence: defaults, a YAML or JSON
 * file, {@code LLMKIT_*} environment variables and command-line overrides.
 *
 * <p>Every setting has a dotted path ({@code port}, {@code ner.max_batch_tokens}); its environment
 * variable is {@code LLMKIT_} plus the path upper-cased with dots as underscores ({@code
 * LLMKIT_NER_MAX_BATCH_TOKENS}). List settings ({@code api_keys}, {@code cors_origins}) take
 * comma-separated values there.
 */
public final class ConfigLoader {

  private static final ObjectMapper JSON = Json.configure(JsonMapper.builder()).build();
  private static final ObjectMapper YAML =
      Json.configure(YAMLMapper.builder(new YAMLFactory())).build();

  private ConfigLoader() {}

  /**
   * Loads and validates the configuration.
   *
   * @param file YAML ({@code .yaml}/{@code .yml}) or JSON file, or null
   * @param env the environment ({@code System.getenv()})
   * @param overrides dotted path to value, from command-line flags
   * @throws ConfigException listing every problem
   */
  public static ServerConfig load(
      Path file, Map<String, String> env, Map<String, String> overrides) {
    ObjectNode tree = JSON.valueToTree(ServerConfig.defaults());
    List<String> problems = new ArrayList<>();
    if (file != null) {
      merge(tree, readFile(file), "");
    }
    applyEnvironment(tree, ServerDefaults.TREE, "", env, problems);
    overrides.forEach(
        (path, value) -> set(tree, path, value, "command-line flag for '" + path + "'", problems));
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    ServerConfig config;
    try {
      config = JSON.treeToValue(tree, ServerConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(
          List.of(
              "unknown setting '"
                  + path(e)
                  + "'"
                  + (file == null ? "" : " in " + file)
                  + "; known settings there: "
                  + e.getKnownPropertyIds()));
    } catch (JacksonException e) {
      throw new ConfigException(
          List.of("setting '" + path(e) + "' has the wrong type: " + e.getOriginalMessage()));
    }
    ConfigValidator.validate(config);
    return config;
  }

  private static JsonNode readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(
          List.of("config file " + file + " does not exist or is not a file"));
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : JSON;
    try {
      JsonNode node = mapper.readTree(file.toFile());
      if (node == null || node.isMissingNode() || node.isNull()) {
        return JsonNodeFactory.instance.objectNode();
      }
      if (!node.isObject()) {
        throw new ConfigException(
            List.of("config file " + file + " must hold an object at its top"));
      }
      return node;
    } catch (JacksonException e) {
      throw new ConfigException(
          List.of("config file " + file + " is not valid: " + e.getOriginalMessage()));
    } catch (IOException e) {
      throw new ConfigException(List.of("config file " + file + " cannot be read: " + e));
    }
  }

  /** Deep-merges {@code source} into {@code target}: objects recurse, anything else replaces. */
  private static void merge(ObjectNode target, JsonNode source, String prefix) {
    for (Map.Entry<String, JsonNode> field : source.properties()) {
      JsonNode existing = target.get(field.getKey());
      if (existing instanceof ObjectNode object && field.getValue().isObject()) {
        merge(object, field.getValue(), prefix + field.getKey() + ".");
      } else {
        target.set(field.getKey(), field.getValue());
      }
    }
  }

  private static void applyEnvironment(
      ObjectNode tree,
      JsonNode defaults,
      String prefix,
      Map<String, String> env,
      List<String> problems) {
    for (Map.Entry<String, JsonNode> field : defaults.properties()) {
      String path = prefix + field.getKey();
      if (field.getValue().isObject()) {
        applyEnvironment(tree, field.getValue(), path + ".", env, problems);
        continue;
      }
      String name = environmentName(path);
      String value = env.get(name);
      if (value != null) {
        set(tree, path, value, "environment variable " + name, problems);
      }
    }
  }

  /** The environment variable of a dotted setting path. */
  public static String environmentName(String path) {
    return "LLMKIT_" + path.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /** Sets a dotted path from a string, converted to the type of the default value. */
  private static void set(
      ObjectNode tree, String path, String value, String source, List<String> problems) {
    String[] parts = path.split("\\.");
    ObjectNode parent = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      if (!(parent.get(parts[i]) instanceof ObjectNode child)) {
        problems.add(source + ": no setting '" + path + "'");
        return;
      }
      parent = child;
    }
    String key = parts[parts.length - 1];
    JsonNode current = ServerDefaults.TREE.at("/" + path.replace('.', '/'));
    if (current.isMissingNode()) {
      problems.add(source + ": no setting '" + path + "'");
      return;
    }
    String trimmed = value.trim();
    try {
      if (current.isArray()) {
        ArrayNode array = parent.putArray(key);
        Arrays.stream(trimmed.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .forEach(array::add);
      } else if (current.isIntegralNumber()) {
        parent.put(key, Long.parseLong(trimmed));
      } else if (current.isBoolean()) {
        if (!trimmed.equalsIgnoreCase("true") && !trimmed.equalsIgnoreCase("false")) {
          throw new NumberFormatException();
        }
        parent.put(key, Boolean.parseBoolean(trimmed));
      } else {
        parent.put(key, trimmed.isEmpty() ? null : trimmed);
      }
    } catch (NumberFormatException e) {
      problems.add(
          source
              + ": '"
              + value
              + "' is not a valid "
              + (current.isBoolean() ? "boolean (true or false)" : "integer")
              + " for '"
              + path
              + "'");
    }
  }

  private static String path(JacksonException e) {
    StringBuilder path = new StringBuilder();
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
      for (var ref : m.getPath()) {
        if (ref.getFieldName() != null) {
          path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
        } else if (ref.getIndex() >= 0) {
          path.append('[').append(ref.getIndex()).append(']');
        }
      }
    }
    return path.toString();
  }

  /** The defaults as a tree, the reference for paths and types. */
  private static final class ServerDefaults {
    static final JsonNode TREE = JSON.valueToTree(ServerConfig.defaults());
  }
}
