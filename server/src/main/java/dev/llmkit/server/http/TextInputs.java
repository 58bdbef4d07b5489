package dev.llmkit.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Hugging Face {@code inputs} field: one string, or an array of strings. The response mirrors
 * the shape: a single input gets a single result, an array gets an array.
 *
 * @param texts the texts, at least one unless the array was empty
 * @param batched whether the client sent an array
 */
@JsonDeserialize(using = TextInputs.Deserializer.class)
public record TextInputs(List<String> texts, boolean batched) {

  /** Copies the list. */
  public TextInputs {
    texts = List.copyOf(texts);
  }

  /** Reads a string or an array of strings, nothing else. */
  static final class Deserializer extends JsonDeserializer<TextInputs> {
    @Override
    public TextInputs deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        return new TextInputs(List.of(p.getText()), false);
      }
      if (p.currentToken() != JsonToken.START_ARRAY) {
        throw new ShapeException(p, "must be a string or an array of strings");
      }
      List<String> texts = new ArrayList<>();
      JsonToken token;
      while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
        if (token != JsonToken.VALUE_STRING) {
          throw new ShapeException(p, "[" + texts.size() + "] must be a string");
        }
        texts.add(p.getText());
      }
      return new TextInputs(texts, true);
    }
  }

  /** A shape error with a message fit for clients (no type names). */
  static final class ShapeException extends JsonMappingException {
    ShapeException(JsonParser p, String message) {
      super(p, message);
    }
  }
}
