package dev.llmkit.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * TEI's {@code ids} field of {@code /decode}: one array of token ids, or an array of them.
 *
 * @param sequences the id sequences
 */
@JsonDeserialize(using = IdInputs.Deserializer.class)
public record IdInputs(List<long[]> sequences) {

  /** Copies the list. */
  public IdInputs {
    sequences = List.copyOf(sequences);
  }

  /** Reads {@code [int]} or {@code [[int]]}. */
  static final class Deserializer extends JsonDeserializer<IdInputs> {
    @Override
    public IdInputs deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.START_ARRAY) {
        throw new TextInputs.ShapeException(
            p, "must be an array of token ids or of arrays of them");
      }
      JsonToken first = p.nextToken();
      if (first == JsonToken.START_ARRAY) {
        List<long[]> sequences = new ArrayList<>();
        JsonToken token = first;
        while (token != JsonToken.END_ARRAY) {
          if (token != JsonToken.START_ARRAY) {
            throw new TextInputs.ShapeException(
                p, "[" + sequences.size() + "] must be an array of ids");
          }
          sequences.add(readIds(p, "[" + sequences.size() + "]"));
          token = p.nextToken();
        }
        return new IdInputs(sequences);
      }
      List<Long> ids = new ArrayList<>();
      JsonToken token = first;
      while (token != JsonToken.END_ARRAY) {
        ids.add(readId(p, token, "[" + ids.size() + "]"));
        token = p.nextToken();
      }
      return new IdInputs(List.of(ids.stream().mapToLong(Long::longValue).toArray()));
    }

    /** Reads the ids after a START_ARRAY, up to its END_ARRAY. */
    private static long[] readIds(JsonParser p, String where) throws IOException {
      List<Long> ids = new ArrayList<>();
      JsonToken token;
      while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
        ids.add(readId(p, token, where + "[" + ids.size() + "]"));
      }
      return ids.stream().mapToLong(Long::longValue).toArray();
    }

    private static long readId(JsonParser p, JsonToken token, String where) throws IOException {
      if (token != JsonToken.VALUE_NUMBER_INT) {
        throw new TextInputs.ShapeException(p, where + " must be an integer token id");
      }
      if (p.getNumberType() != JsonParser.NumberType.INT
          && p.getNumberType() != JsonParser.NumberType.LONG) {
        throw new TextInputs.ShapeException(p, where + " is out of range");
      }
      return p.getLongValue();
    }
  }
}
