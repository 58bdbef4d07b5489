// Calls an llmkit server with the unchanged @huggingface/inference client and prints, as one JSON
// line on stdout, what the client parsed. Usage: node check.mjs http://127.0.0.1:PORT
import { InferenceClient } from "@huggingface/inference";

const base = (process.argv[2] ?? process.env.LLMKIT_URL ?? "").replace(/\/+$/, "");
if (!base) {
  console.error("usage: node check.mjs <server url> (or set LLMKIT_URL)");
  process.exit(2);
}

const client = new InferenceClient(process.env.LLMKIT_API_KEY);

const entities = await client.tokenClassification({
  endpointUrl: `${base}/ner`,
  inputs: "My name is Wolfgang and I live in Berlin",
  // Keep "O" groups too: the test model has random weights and may find no entity at all.
  parameters: { ignore_labels: [] },
});

const answer = await client.questionAnswering({
  endpointUrl: `${base}/qa`,
  inputs: { question: "Where do I live?", context: "My name is Wolfgang and I live in Berlin" },
});

console.log(JSON.stringify({ entities, answer }));
