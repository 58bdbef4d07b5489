// llmkit playground: plain browser JavaScript, no build step, no third-party code.
// Every API call goes through api() so the API key, errors and plain-words messages are handled once.
"use strict";

const state = { info: null, key: sessionStorage.getItem("llmkit-api-key") || "" };

const $ = (selector, root = document) => root.querySelector(selector);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** An error the page can show as it is: the message is already in plain words. */
class PlainError extends Error {}

const TASK_NAMES = {
  ner: "entity recognition", qa: "question answering", generate: "text generation",
  "fill-mask": "fill-mask", tokenize: "tokenization", embed: "embeddings",
};

/** Says what an error response means for a person, not a program. */
function explain(status, body, task) {
  const detail = body && typeof body.error === "string" ? body.error : "";
  switch (status) {
    case 401:
      return state.key
        ? "The server did not accept this API key. Check it and press Use key again."
        : "This server needs an API key. Paste it in the API key box at the top and press Use key.";
    case 404:
      return task
        ? `This server has no model for ${TASK_NAMES[task] || task}. ${detail}`
        : `The server does not know this request. ${detail}`;
    case 413:
      return `The input is too long for this server: ${detail}`;
    case 400:
    case 422:
      return `The server could not use this input: ${detail}`;
    case 429:
      return "The server is busy with other requests. Try again in a few seconds.";
    case 503:
      return body && body.estimated_time
        ? `The model is still loading. Try again in about ${Math.ceil(body.estimated_time)} seconds.`
        : `The model is not available right now: ${detail}`;
    case 504:
      return `The model took too long to answer. ${detail}`;
    default:
      return `Something went wrong on the server (HTTP ${status}). ${detail}`;
  }
}

function headers() {
  const h = { "Content-Type": "application/json", Accept: "application/json" };
  if (state.key) h.Authorization = `Bearer ${state.key}`;
  return h;
}

async function send(method, path, body, signal) {
  try {
    return await fetch(path, {
      method, headers: headers(), body: body === undefined ? undefined : JSON.stringify(body), signal,
    });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new PlainError("Could not reach the llmkit server. Is llmkit serve still running?");
  }
}

/** Calls the API and returns the parsed JSON, or throws a PlainError saying what went wrong. */
async function api(method, path, body, task) {
  const response = await send(method, path, body);
  let json = null;
  try {
    json = await response.json();
  } catch (e) {
    json = null;
  }
  if (!response.ok) throw new PlainError(explain(response.status, json, task));
  return json;
}

function showError(view, error) {
  const box = $(".error", view);
  if (!error) {
    box.hidden = true;
    box.textContent = "";
    return;
  }
  box.textContent = error instanceof PlainError ? error.message : `Unexpected problem: ${error.message}`;
  box.hidden = false;
}

/** Runs a form's action with its button disabled and errors shown in the view. */
function onSubmit(form, action) {
  const view = form.closest(".view");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = $("button[type=submit]", form);
    button.disabled = true;
    showError(view, null);
    try {
      await action();
    } catch (e) {
      showError(view, e);
    } finally {
      button.disabled = false;
    }
  });
}

// ---- Server info, API key and tabs ------------------------------------------------------------

function task(name) {
  return state.info && state.info.tasks.find((t) => t.task === name && t.state !== "absent");
}

/** DJL writes devices as "cpu()" or "gpu(0)"; people read "cpu" and "cuda:0". */
function deviceName(device) {
  const gpu = /^gpu\((\d+)\)$/.exec(device);
  return gpu ? `cuda:${gpu[1]}` : device.replace(/\(\)$/, "");
}

/** A model directory's own name, not where it lies on the server's disk. */
function modelName(id) {
  return id.replace(/\/+$/, "").split("/").pop();
}

function describeModel(t) {
  if (!t) return "No model is configured for this view on this server.";
  if (!t.model) return `Model: loading (${t.state}).`;
  const device = t.model.device ? ` on ${deviceName(t.model.device)}` : "";
  return `Model: ${modelName(t.model.id)}${device}.`;
}

async function loadInfo() {
  const global = $("#global-error");
  try {
    state.info = await api("GET", "/info");
    global.hidden = true;
    const devices = [...new Set(state.info.tasks.filter((t) => t.model && t.model.device).map((t) => deviceName(t.model.device)))];
    $("#server-info").textContent =
      `llmkit ${state.info.version}` + (devices.length ? ` · running on ${devices.join(", ")}` : "");
    for (const p of document.querySelectorAll(".model[data-task]")) p.textContent = describeModel(task(p.dataset.task));
    $("#tab-fill-mask").hidden = !task("fill-mask");
    $("#att-task option[value=fill-mask]").hidden = !task("fill-mask");
    if (state.info.tasks.some((t) => t.state === "loading")) setTimeout(loadInfo, 3000);
  } catch (e) {
    $("#server-info").textContent = "Not connected.";
    global.textContent = e.message;
    global.hidden = false;
  }
  try {
    const documents = await send("GET", "/documents");
    $("#qa-docs-label").hidden = !documents.ok;
  } catch (e) {
    $("#qa-docs-label").hidden = true;
  }
}

function setUpKey() {
  $("#api-key").value = state.key;
  $("#key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    state.key = $("#api-key").value.trim();
    sessionStorage.setItem("llmkit-api-key", state.key);
    loadInfo();
  });
}

function setUpTabs() {
  const tabs = () => [...document.querySelectorAll("[role=tab]")].filter((t) => !t.hidden);
  const select = (tab) => {
    for (const t of document.querySelectorAll("[role=tab]")) {
      const selected = t === tab;
      t.setAttribute("aria-selected", String(selected));
      t.tabIndex = selected ? 0 : -1;
      document.getElementById(t.getAttribute("aria-controls")).hidden = !selected;
    }
    location.hash = tab.id.replace("tab-", "");
  };
  for (const tab of document.querySelectorAll("[role=tab]")) {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (event) => {
      const list = tabs();
      const i = list.indexOf(tab);
      let next = null;
      if (event.key === "ArrowRight") next = list[(i + 1) % list.length];
      if (event.key === "ArrowLeft") next = list[(i - 1 + list.length) % list.length];
      if (event.key === "Home") next = list[0];
      if (event.key === "End") next = list[list.length - 1];
      if (next) {
        event.preventDefault();
        select(next);
        next.focus();
      }
    });
  }
  const initial = document.getElementById(`tab-${location.hash.slice(1)}`);
  if (initial && !initial.hidden) select(initial);
}

// ---- Text with highlighted spans (UTF-16 offsets, as JavaScript indexes strings) ---------------

/**
 * Renders text with some [utf16_start, utf16_end) spans wrapped by make(span, text); spans must not overlap.
 */
function markedText(text, spans, make) {
  const out = el("p", { class: "marked" });
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.from - b.from)) {
    if (span.from < at) continue;
    out.append(text.slice(at, span.from), make(span, text.slice(span.from, span.to)));
    at = span.to;
  }
  out.append(text.slice(at));
  return out;
}

// ---- Tokenizer ---------------------------------------------------------------------------------

const KIND_NAMES = { WORDPIECE: "WordPiece", BYTE_LEVEL_BPE: "byte-level BPE" };

/** The text, one span per character, so a chip can light up the characters it covers. */
function mirror(text) {
  const box = el("p", { class: "mirror", "aria-hidden": "true" });
  let at = 0;
  for (const ch of text) {
    box.append(el("span", { dataset: { from: at, to: at + ch.length }, text: ch }));
    at += ch.length;
  }
  return box;
}

function highlight(box, from, to) {
  for (const span of box.children) {
    const on = from !== null && Number(span.dataset.from) >= from && Number(span.dataset.to) <= to;
    span.classList.toggle("lit", on);
  }
}

function chip(token, index, box) {
  const from = token.utf16_start;
  const to = token.utf16_end;
  const offsets = token.special ? "added by the tokenizer" : `characters ${token.start}–${token.stop}`;
  const label = token.token !== undefined ? token.token : token.text;
  const node = el(
    "li",
    {
      class: `chip c${index % 6}${token.special ? " special" : ""}`,
      tabindex: "0",
      dataset: { id: token.id },
      "aria-label": `${label}, id ${token.id}, ${offsets}${token.bytes ? `, bytes ${token.bytes}` : ""}`,
    },
    el("span", { class: "piece", text: label }),
    el("span", { class: "id", text: token.id }),
    el("span", { class: "offsets", text: token.special ? "special" : `${token.start}–${token.stop}` }),
    token.bytes ? el("span", { class: "bytes", text: token.bytes }) : null,
  );
  const on = () => highlight(box, token.special ? null : from, to);
  const off = () => highlight(box, null, null);
  node.addEventListener("mouseenter", on);
  node.addEventListener("focus", on);
  node.addEventListener("mouseleave", off);
  node.addEventListener("blur", off);
  return node;
}

function chips(tokens, box, name) {
  return el("ol", { class: "chips", "aria-label": name }, tokens.map((t, i) => chip(t, i, box)));
}

function tokenizerColumn(title, subtitle, text, tokens, windows) {
  const box = mirror(text);
  const column = el(
    "article",
    { class: "column", dataset: { tokenizer: title } },
    el("h3", {}, title, " ", el("span", { class: "muted", text: subtitle })),
    el("p", { class: "count", text: `${tokens.length} tokens` }),
    box,
    chips(tokens, box, `${title} tokens`),
  );
  if (windows) {
    column.append(el("h4", { text: `${windows.length} windows` }));
    windows.forEach((w, i) => {
      column.append(
        el("p", { class: "window-title", text: `Window ${i + 1}` }),
        el("div", { class: "window" }, chips(w.tokens, box, `${title} window ${i + 1}`)),
      );
    });
  }
  return column;
}

function setUpTokenizer() {
  onSubmit($("#tok-form"), async () => {
    const text = $("#tok-text").value;
    const request = { inputs: text };
    if ($("#tok-windows").checked) {
      request.max_length = Number($("#tok-max-length").value);
      request.stride = Number($("#tok-stride").value);
    }
    const served = task("tokenize");
    const [own, compared] = await Promise.all([
      served ? api("POST", "/tokenize", { inputs: text }, "tokenize") : Promise.resolve(null),
      api("POST", "/tokenize/compare", request, "tokenize"),
    ]);
    const output = $("#tok-output");
    output.replaceChildren();
    if (own) {
      const name = served.model ? modelName(served.model.id) : "served";
      output.append(tokenizerColumn("this server's model", `${name} · POST /tokenize`, text, own[0]));
    }
    for (const r of compared) {
      output.append(tokenizerColumn(r.model, KIND_NAMES[r.kind] || r.kind, text, r.tokens, r.windows));
    }
  });
}

// ---- Entities -----------------------------------------------------------------------------------

function entityType(e) {
  return e.entity_group || e.entity.replace(/^[BI]-/, "");
}

function setUpNer() {
  onSubmit($("#ner-form"), async () => {
    const text = $("#ner-text").value;
    const aggregation = $("#ner-aggregation").value;
    const entities = await api(
      "POST", "/ner", { inputs: text, parameters: { aggregation_strategy: aggregation } }, "ner");
    const spans = entities.map((e) => ({ from: e.utf16_start, to: e.utf16_end, entity: e }));
    const types = [...new Set(entities.map(entityType))].sort();
    const output = $("#ner-output");
    output.replaceChildren(
      markedText(text, spans, (span, surface) => {
        const type = entityType(span.entity);
        const tip = `${span.entity.entity_group ? type : span.entity.entity} · score ${span.entity.score.toFixed(3)}`;
        return el("mark", {
          class: `entity t-${type.toLowerCase()}`, tabindex: "0", title: tip,
          dataset: { type, tip }, "aria-label": `${surface}: ${tip}`,
        }, surface, el("span", { class: "tag", "aria-hidden": "true", text: type }));
      }),
      entities.length
        ? el("ul", { class: "legend", "aria-label": "Entity types" },
          types.map((t) => el("li", { class: `entity t-${t.toLowerCase()}`, text: t })))
        : el("p", { class: "muted", text: "No entities found." }),
    );
    if ($("#ner-raw").checked) {
      const raw = await api("POST", "/ner", { inputs: text, parameters: { aggregation_strategy: "none" } }, "ner");
      output.append(el("table", { class: "raw", "aria-label": "Raw token labels" },
        el("thead", {}, el("tr", {}, el("th", { text: "token" }), el("th", { text: "label" }), el("th", { text: "score" }))),
        el("tbody", {}, raw.map((r) => el("tr", {},
          el("td", { text: r.word }), el("td", { text: r.entity }), el("td", { text: r.score.toFixed(3) }))))));
    }
  });
}

// ---- Question answering -------------------------------------------------------------------------

function scoreBar(score) {
  const percent = Math.round(score * 1000) / 10;
  const fill = el("span", { class: "fill" });
  fill.style.width = `${Math.max(1, percent)}%`; // CSSOM, allowed by the page's style-src 'self'
  return el("span", { class: "bar", role: "img", "aria-label": `${percent}%` }, fill);
}

function answerList(answers, onPick) {
  return el("ol", { class: "answers", "aria-label": "Answers" }, answers.map((a, i) => el("li", {},
    el("button", { type: "button", class: "answer-choice", "aria-pressed": String(i === 0), onclick: (event) => {
      for (const b of event.currentTarget.closest("ol").querySelectorAll("button")) b.setAttribute("aria-pressed", "false");
      event.currentTarget.setAttribute("aria-pressed", "true");
      onPick(a);
    } }, el("span", { class: "answer-text", text: a.answer }), scoreBar(a.score),
    el("span", { class: "score", text: a.score.toFixed(3) })))));
}

async function documentTitles() {
  try {
    const list = await api("GET", "/documents");
    const items = Array.isArray(list) ? list : list.documents || [];
    return Object.fromEntries(items.map((d) => [d.id, d.title || d.id]));
  } catch (e) {
    return {};
  }
}

function setUpQa() {
  $("#qa-docs").addEventListener("change", () => {
    $("#qa-context").disabled = $("#qa-docs").checked;
  });
  onSubmit($("#qa-form"), async () => {
    const question = $("#qa-question").value;
    const topK = Number($("#qa-top-k").value) || 1;
    const fromDocuments = $("#qa-docs").checked;
    const context = $("#qa-context").value;
    const inputs = fromDocuments ? { question } : { question, context };
    let answers = await api("POST", "/qa", { inputs, parameters: { top_k: topK } }, "qa");
    if (!Array.isArray(answers)) answers = [answers];
    const output = $("#qa-output");
    const passage = el("div", { class: "passage" });
    const titles = fromDocuments ? await documentTitles() : {};
    const show = (a) => {
      if (fromDocuments) {
        const from = a.utf16_start - a.passage_utf16_start;
        const to = a.utf16_end - a.passage_utf16_start;
        passage.replaceChildren(
          el("p", { class: "source" }, "From ", el("cite", { text: titles[a.document_id] || a.document_id })),
          markedText(a.passage, [{ from, to }], (s, t) => el("mark", { class: "answer", text: t })));
      } else {
        passage.replaceChildren(markedText(context, [{ from: a.utf16_start, to: a.utf16_end }],
          (s, t) => el("mark", { class: "answer", text: t })));
      }
    };
    if (answers.length === 0) {
      output.replaceChildren(el("p", { class: "muted", text: "No answer found." }));
      return;
    }
    show(answers[0]);
    output.replaceChildren(passage, el("h3", { text: "Candidates" }), answerList(answers, show));
  });
}

// ---- Fill-mask ----------------------------------------------------------------------------------

function setUpFillMask() {
  onSubmit($("#fm-form"), async () => {
    const text = $("#fm-text").value;
    let result = await api("POST", "/fill-mask",
      { inputs: text, parameters: { top_k: Number($("#fm-top-k").value) || 5 } }, "fill-mask");
    if (result.length && !Array.isArray(result[0])) result = [result];
    $("#fm-output").replaceChildren(...result.map((candidates, m) => el("section", { class: "mask" },
      el("h3", { text: `[MASK] ${m + 1}` }),
      el("ol", { class: "answers" }, candidates.map((c) => el("li", {},
        el("span", { class: "answer-text", text: c.token_str }), scoreBar(c.score),
        el("span", { class: "score", text: `${(c.score * 100).toFixed(1)}%` })))))));
  });
}

// ---- Generation (TGI server-sent events) --------------------------------------------------------

let generation = null;

function number(id) {
  const value = $(id).value.trim();
  return value === "" ? undefined : Number(value);
}

function generationParameters() {
  const p = {
    max_new_tokens: number("#gen-max-new-tokens"),
    temperature: number("#gen-temperature"),
    top_k: number("#gen-top-k"),
    top_p: number("#gen-top-p"),
    repetition_penalty: number("#gen-repetition-penalty"),
    seed: number("#gen-seed"),
  };
  const stop = $("#gen-stop").value.split("\n").filter((s) => s.length > 0);
  if (stop.length) p.stop = stop;
  if ($("#gen-sample").value) p.do_sample = $("#gen-sample").value === "true";
  return p;
}

async function* events(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5)).join("\n");
      if (data) yield JSON.parse(data);
    }
  }
}

function setUpGeneration() {
  const status = $("#gen-status");
  const stopButton = $("#gen-stop-button");
  const startButton = $("#gen-start");
  const view = $("#view-generate");
  stopButton.addEventListener("click", () => {
    if (generation) generation.abort();
  });
  $("#gen-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(view, null);
    const prompt = $("#gen-prompt").value;
    const output = $("#gen-output");
    $("#gen-prompt-echo").textContent = prompt;
    output.replaceChildren();
    generation = new AbortController();
    startButton.disabled = true;
    stopButton.disabled = false;
    status.textContent = "Generating…";
    let count = 0;
    try {
      const response = await send("POST", "/generate_stream",
        { inputs: prompt, parameters: generationParameters() }, generation.signal);
      if (!response.ok) {
        let body = null;
        try { body = await response.json(); } catch (e) { body = null; }
        throw new PlainError(explain(response.status, body, "generate"));
      }
      for await (const e of events(response)) {
        if (e.error) throw new PlainError(`Generation failed: ${e.error}`);
        if (e.token && !e.token.special) {
          count++;
          output.append(el("span", { class: "token", title: `id ${e.token.id} · logprob ${e.token.logprob.toFixed(2)}`, text: e.token.text }));
        }
        status.textContent = `${count} tokens…`;
        if (e.details) {
          status.textContent = `Done: ${e.details.generated_tokens} tokens, finished by ${e.details.finish_reason.replaceAll("_", " ")}.`;
        }
      }
    } catch (e) {
      if (e.name === "AbortError") {
        status.textContent = `Stopped after ${count} tokens; the server stopped generating.`;
      } else {
        status.textContent = "";
        showError(view, e);
      }
    } finally {
      generation = null;
      startButton.disabled = false;
      stopButton.disabled = true;
    }
  });
}

// ---- Decoding explorer (TGI details with top_n_tokens) -----------------------------------------

/** Five strategies; every sampling knob is set so the model's own defaults do not blur the lesson. */
const STRATEGIES = [
  { name: "greedy", note: "always the most likely token", parameters: { do_sample: false } },
  { name: "top-k 10", note: "sample among the 10 most likely", parameters: { do_sample: true, top_k: 10, top_p: 1, temperature: 1 } },
  { name: "top-p 0.9", note: "sample among the fewest tokens holding 90% of the probability", parameters: { do_sample: true, top_k: 0, top_p: 0.9, temperature: 1 } },
  { name: "temperature 0.7", note: "sample from a sharpened distribution", parameters: { do_sample: true, top_k: 0, top_p: 1, temperature: 0.7 } },
  { name: "temperature 1.5", note: "sample from a flattened distribution", parameters: { do_sample: true, top_k: 0, top_p: 1, temperature: 1.5 } },
];

function visible(text) {
  return text.replace(/ /g, "\u2423").replace(/\n/g, "\u21b5") || "\u2205";
}

function showStep(strategy, details, step) {
  const picked = details.tokens[step];
  const top = details.top_tokens[step];
  $("#dec-step").hidden = false;
  $("#dec-step-title").textContent = `${strategy.name}, step ${step + 1}: the model's top ${top.length} next tokens`;
  $("#dec-distribution").replaceChildren(...top.map((t) => {
    const chosen = t.id === picked.id;
    return el("li", { class: chosen ? "picked" : null, dataset: { id: t.id } },
      el("span", { class: "answer-text", text: visible(t.text) }),
      scoreBar(Math.exp(t.logprob)),
      el("span", { class: "score", text: `${(Math.exp(t.logprob) * 100).toFixed(1)}%` }),
      chosen ? el("span", { class: "picked-label", text: "picked" }) : null);
  }));
  const inTop = top.some((t) => t.id === picked.id);
  $("#dec-step-note").textContent = inTop
    ? "The probabilities are the model's own, before temperature, top-k or top-p reshape them."
    : `Picked "${visible(picked.text)}" (${(Math.exp(picked.logprob) * 100).toFixed(2)}%), outside the top ${top.length}: sampling can do that.`;
}

function setUpDecoding() {
  onSubmit($("#dec-form"), async () => {
    const inputs = $("#dec-prompt").value;
    const steps = Number($("#dec-steps").value) || 8;
    const seed = Number($("#dec-seed").value) || 0;
    const output = $("#dec-output");
    output.replaceChildren(el("p", { class: "muted", text: "Decoding…" }));
    $("#dec-step").hidden = true;
    const columns = [];
    let first = null;
    for (const strategy of STRATEGIES) {
      const parameters = {
        max_new_tokens: steps, details: true, top_n_tokens: 10, repetition_penalty: 1, ...strategy.parameters,
      };
      if (parameters.do_sample) parameters.seed = seed;
      const result = await api("POST", "/generate", { inputs, parameters }, "generate");
      const details = result.details;
      const chipsList = el("ol", { class: "chips steps", "aria-label": `${strategy.name} tokens` },
        details.tokens.map((t, step) => el("li", {},
          el("button", {
            type: "button", class: `chip c${step % 6}`, dataset: { step },
            "aria-label": `step ${step + 1}: ${t.text}`,
            onclick: () => showStep(strategy, details, step),
          }, el("span", { class: "piece", text: visible(t.text) })))));
      columns.push(el("article", { class: "column strategy", dataset: { strategy: strategy.name } },
        el("h3", {}, strategy.name, " ", el("span", { class: "muted", text: strategy.note })),
        el("p", { class: "decoded", text: inputs + result.generated_text }),
        chipsList));
      if (!first) first = () => showStep(strategy, details, 0);
    }
    output.replaceChildren(el("div", { class: "columns" }, columns));
    if (first) first();
  });
}

// ---- Attention (POST /attention) ------------------------------------------------------------------

const attentionView = { data: null, query: null };

function cellSize(tokens) {
  return Math.max(4, Math.min(28, Math.floor(560 / tokens)));
}

function drawAttention() {
  const { data, query } = attentionView;
  const layer = Number($("#att-layer").value);
  const head = Number($("#att-head").value);
  const weights = data.attentions[layer][head];
  const n = data.tokens.length;
  const cell = cellSize(n);
  const canvas = $("#att-map");
  canvas.width = n * cell;
  canvas.height = n * cell;
  canvas.dataset.rows = String(weights.length);
  canvas.dataset.cols = String(weights[0].length);
  canvas.setAttribute("aria-label",
    `Attention heat map, layer ${layer + 1}, head ${head + 1}: ${n} tokens by ${n}; darker means more attention.`);
  const g = canvas.getContext("2d");
  for (let q = 0; q < n; q++) {
    for (let k = 0; k < n; k++) {
      const w = weights[q][k];
      const shade = Math.round(255 * (1 - Math.sqrt(w))); // sqrt so small weights stay visible
      g.fillStyle = `rgb(${shade},${Math.round(shade * 0.9 + 20)},255)`;
      g.fillRect(k * cell, q * cell, cell, cell);
    }
  }
  if (query !== null) {
    g.strokeStyle = "#e07b00";
    g.lineWidth = 2;
    g.strokeRect(1, query * cell + 1, n * cell - 2, cell - 2);
    showFocus(weights[query]);
  }
}

function showFocus(row) {
  const { data, query } = attentionView;
  const ranked = row.map((w, k) => ({ w, k })).sort((a, b) => b.w - a.w).slice(0, 8);
  $("#att-focus").hidden = false;
  $("#att-focus-title").textContent = `Where "${data.tokens[query]}" attends`;
  $("#att-focus-list").replaceChildren(...ranked.map(({ w, k }) => el("li", {},
    el("span", { class: "answer-text", text: data.tokens[k] }), scoreBar(w),
    el("span", { class: "score", text: `${(w * 100).toFixed(1)}%` }))));
}

function setUpAttention() {
  $("#att-layer").addEventListener("change", drawAttention);
  $("#att-head").addEventListener("change", drawAttention);
  onSubmit($("#att-form"), async () => {
    const task = $("#att-task").value;
    const data = await api("POST", "/attention", { inputs: $("#att-text").value, parameters: { task } }, task);
    attentionView.data = data;
    attentionView.query = null;
    const layers = data.attentions.length;
    const heads = data.attentions[0].length;
    $("#att-layer").replaceChildren(...Array.from({ length: layers }, (_, i) => el("option", { value: i, text: i + 1 })));
    $("#att-head").replaceChildren(...Array.from({ length: heads }, (_, i) => el("option", { value: i, text: i + 1 })));
    $("#att-tokens").replaceChildren(...data.tokens.map((t, q) => el("li", {},
      el("button", {
        type: "button", class: `chip c${q % 6}`, "aria-pressed": "false",
        onclick: (event) => {
          for (const b of document.querySelectorAll("#att-tokens button")) b.setAttribute("aria-pressed", "false");
          event.currentTarget.setAttribute("aria-pressed", "true");
          attentionView.query = q;
          drawAttention();
        },
      }, el("span", { class: "piece", text: t })))));
    $("#att-focus").hidden = true;
    $("#att-output").hidden = false;
    drawAttention();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setUpKey();
  setUpTabs();
  setUpTokenizer();
  setUpNer();
  setUpQa();
  setUpFillMask();
  setUpGeneration();
  setUpDecoding();
  setUpAttention();
  loadInfo();
});
