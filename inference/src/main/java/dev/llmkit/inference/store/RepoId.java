package dev.llmkit.inference.store;

import dev.llmkit.inference.store.ModelStoreException.Reason;
import java.util.regex.Pattern;

/**
 * A Hugging Face model repository id, {@code org/name} or a legacy single {@code name} such as
 * {@code gpt2}. Validated like {@code huggingface_hub.utils.validate_repo_id}: letters, digits,
 * {@code - _ .}, at most 96 characters per part, no {@code --} or {@code ..}.
 *
 * @param value the id as written on the Hub
 */
public record RepoId(String value) {

  private static final Pattern PART =
      Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?");

  /** Validates the id. */
  public RepoId {
    if (value == null || !isValid(value)) {
      throw new ModelStoreException(
          Reason.INVALID_REFERENCE,
          "invalid Hugging Face repo id '"
              + value
              + "': expected 'org/name' (letters, digits, '-', '_', '.'; no '--' or '..')");
    }
  }

  /**
   * @param value candidate id
   * @return whether {@code value} is a well-formed repo id
   */
  public static boolean isValid(String value) {
    if (value == null || value.contains("--") || value.contains("..") || value.endsWith(".git")) {
      return false;
    }
    String[] parts = value.split("/", -1);
    if (parts.length > 2) {
      return false;
    }
    for (String part : parts) {
      if (!PART.matcher(part).matches()) {
        return false;
      }
    }
    return true;
  }

  /**
   * @return the cache folder name, {@code models--org--name}
   */
  public String cacheFolderName() {
    return "models--" + value.replace("/", "--");
  }

  @Override
  public String toString() {
    return value;
  }
}
