"""Reference NER and QA pipeline outputs for the tiny random checkpoints.

Run once from the inference/ directory (Debian python3-torch 1.13 + numpy, no transformers):
    /usr/bin/python3 src/test/python/make_pipeline_references.py
Writes src/test/resources/reference/pipelines-expected.json.

Independent of the Java code: the tokenizer (BERT basic tokenizer + WordPiece with offsets) and the
pipeline post-processing are written here from the behaviour of Hugging Face tokenizers and of
transformers 4.53 pipelines/token_classification.py and pipelines/question_answering.py, in numpy
float32 as those pipelines compute. The models are the torch.nn reference modules of
make_encoder_references.py (its class definitions are executed, not its driver), loaded with the
committed tiny checkpoints. Every window goes through the model on its own, as Hugging Face does.
"""
import json
import struct
import unicodedata

import numpy as np
import torch

OUT = "src/test/resources/reference/pipelines-expected.json"
VOCAB = "src/test/resources/pipelines/tiny-wordpiece/vocab.txt"
MAX_LEN = 64  # tokenizer model_max_length = the checkpoints' max_position_embeddings

# ---------------------------------------------------------------- reference models
source = open("src/test/python/make_encoder_references.py").read()
ns = {"__name__": "encoder_reference_models"}
exec(compile(source[: source.index("def randomize(")], "make_encoder_references.py", "exec"), ns)


def load_safetensors(path):
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8 : 8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", info
        b, e = info["data_offsets"]
        arr = np.frombuffer(raw[8 + n + b : 8 + n + e], dtype="<f4").reshape(info["shape"])
        out[name] = torch.from_numpy(arr.copy())
    return out


def load_model(name):
    if name == "tiny-bert-heads":
        model = ns["WithHeads"]("bert", ns["BertLike"](64, 2, 1e-12, "gelu"))
        uses_types = True
    elif name == "tiny-roberta-heads":
        model = ns["WithHeads"]("roberta", ns["BertLike"](66, 1, 1e-5, "gelu_new", roberta_pad=1))
        uses_types = False
    else:
        model = ns["WithHeads"]("distilbert", ns["DistilBert"](64, "gelu"))
        uses_types = False
    model.load_state_dict(load_safetensors(f"src/test/resources/reference/{name}/model.safetensors"))
    model.eval()

    def forward(ids, types):
        ids_t = torch.tensor([ids])
        keep = torch.ones_like(ids_t)
        types_t = torch.tensor([types]) if uses_types else torch.zeros_like(ids_t)
        with torch.no_grad():
            h = model.base()(ids_t, keep, types_t)
            return model.classifier(h)[0].numpy(), model.qa_outputs(h)[0].numpy()

    return forward


# ---------------------------------------------------------------- tokenizer
vocab = [line.rstrip("\n") for line in open(VOCAB, encoding="utf-8")]
ids = {t: i for i, t in enumerate(vocab)}
UNK, CLS, SEP = ids["[UNK]"], ids["[CLS]"], ids["[SEP]"]


def is_punct(c):
    cp = ord(c)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(c).startswith("P")


def words_of(text):
    """BERT normalizer (lowercase, strip accents) and pre-tokenizer, keeping code-point offsets."""
    chars = []  # (normalized char, original index)
    for i, c in enumerate(text):
        if c in "\t\n\r":
            c = " "
        if unicodedata.category(c) in ("Cc", "Cf") or ord(c) == 0xFFFD:
            continue
        for n in unicodedata.normalize("NFD", c.lower()):
            if unicodedata.category(n) != "Mn":
                chars.append((n, i))
    words, current = [], []
    for n, i in chars:
        if n.isspace():
            if current:
                words.append(current)
            current = []
        elif is_punct(n):
            if current:
                words.append(current)
            words.append([(n, i)])
            current = []
        else:
            current.append((n, i))
    if current:
        words.append(current)
    return words


def tokenize(text):
    """WordPiece: (ids, tokens, starts, ends, word ids), offsets in code points."""
    out = []
    for w, word in enumerate(words_of(text)):
        s = "".join(n for n, _ in word)
        pieces, start = [], 0
        while start < len(s):
            end = len(s)
            while end > start:
                piece = ("##" if start > 0 else "") + s[start:end]
                if piece in ids:
                    break
                end -= 1
            if end == start:
                pieces = None
                break
            pieces.append((piece, start, end))
            start = end
        if pieces is None or len(s) > 100:
            out.append((UNK, "[UNK]", word[0][1], word[-1][1] + 1, w))
        else:
            for piece, a, b in pieces:
                out.append((ids[piece], piece, word[a][1], word[b - 1][1] + 1, w))
    return out


def special(token_id):
    return (token_id, vocab[token_id], 0, 0, None)


def windows(tokens, room, stride):
    """tokenizers' overflow: windows of `room` tokens starting every room - stride tokens."""
    if len(tokens) <= room:
        return [tokens]
    out = []
    for start in range(0, len(tokens), room - stride):
        out.append(tokens[start : start + room])
        if start + room >= len(tokens):
            break
    return out


def wordpiece_decode(tokens):
    out = []
    for i, t in enumerate(tokens):
        if i != 0:
            t = t[2:] if t.startswith("##") else " " + t
        for a, b in [(" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"),
                     (" n't", "n't"), (" 'm", "'m"), (" do not", " don't"), (" 's", "'s"),
                     (" 've", "'ve"), (" 're", "'re")]:
            t = t.replace(a, b)
        out.append(t)
    return "".join(out)


# ---------------------------------------------------------------- tiny byte-level BPE (RoBERTa)
BL_DIR = "src/test/resources/pipelines/tiny-bytelevel"
LETTERS = "abcdefghijklmnopqrstuvwxyz"
BL_VOCAB = (["<s>", "<pad>", "</s>", "<unk>"] + list(LETTERS) + ["\u0120"]
            + ["\u0120" + c for c in LETTERS] + list(".,?!'-"))
BL_IDS = {t: i for i, t in enumerate(BL_VOCAB)}
BL_MERGES = [("\u0120", c) for c in LETTERS]


def write_bytelevel_tokenizer():
    """A 63-token RoBERTa-style tokenizer.json: letters, "Ġ"+letter merges, punctuation."""
    import os
    os.makedirs(BL_DIR, exist_ok=True)
    added = [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": True, "special": True} for i, t in enumerate(BL_VOCAB[:4])]
    tok = {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True,
                          "use_regex": True},
        "post_processor": {"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0],
                           "trim_offsets": True, "add_prefix_space": False},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True,
                    "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None,
                  "continuing_subword_prefix": None, "end_of_word_suffix": None,
                  "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": BL_IDS, "merges": [a + " " + b for a, b in BL_MERGES]},
    }
    with open(f"{BL_DIR}/tokenizer.json", "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False)
    with open(f"{BL_DIR}/tokenizer_config.json", "w") as f:
        json.dump({"model_max_length": 64}, f)


def tokenize_bytelevel(text):
    """GPT-2 pre-tokenizer on lower-case ASCII, then "Ġ"+letter merges; trimmed offsets."""
    import re
    out = []
    for w, m in enumerate(re.finditer(r"'s|'t|'re|'ve|'m|'ll|'d| ?[a-z]+| ?[0-9]+| ?[^\sa-z0-9]+|\s+(?!\S)|\s+",
                         text)):
        word, pos = m.group(), m.start()
        symbols = [("\u0120" if c == " " else c, pos + i, pos + i + 1) for i, c in enumerate(word)]
        if len(symbols) > 1 and symbols[0][0] == "\u0120" and symbols[1][0] in LETTERS:
            symbols[:2] = [("\u0120" + symbols[1][0], symbols[0][1], symbols[1][2])]
        for t, a, b in symbols:
            if t not in BL_IDS:
                raise ValueError(f"{t!r} is not in the tiny byte-level vocabulary")
            if t.startswith("\u0120") and text[a] == " ":
                a += 1  # trim_offsets: the leading space is not part of the token's span
            out.append((BL_IDS[t], t, a, b, w))
    return out


def bytelevel_decode(tokens):
    return "".join(tokens).replace("\u0120", " ")


class Profile:
    """What the pipelines need of a tokenizer: tokens, special-token layout, subwords, decoding."""

    def __init__(self, tokenize, cls, sep, unk, pair_middle, subword_prefix, decode):
        self.tokenize, self.cls, self.sep, self.unk = tokenize, cls, sep, unk
        self.pair_middle = pair_middle  # separators between question and context
        self.subword_prefix = subword_prefix  # WordPiece "##": length rule; else space heuristic
        self.decode = decode


WORDPIECE = Profile(tokenize, CLS, SEP, UNK, 1, True, wordpiece_decode)
BYTELEVEL = Profile(tokenize_bytelevel, BL_IDS["<s>"], BL_IDS["</s>"], BL_IDS["<unk>"], 2, False,
                    bytelevel_decode)


# ---------------------------------------------------------------- NER post-processing
LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def ner(forward, prof, text, strategy, ignore, stride=None):
    tokens = prof.tokenize(text)
    room = MAX_LEN - 2
    chunks = windows(tokens, room, stride) if stride is not None else [tokens[:room]]
    found = []
    for chunk in chunks:
        seq = [(prof.cls, "", 0, 0, None)] + chunk + [(prof.sep, "", 0, 0, None)]
        logits, _ = forward([t[0] for t in seq], [0] * len(seq))
        scores = softmax(logits)
        pre = []
        for idx, (tid, tok, s, e, _) in enumerate(seq):
            if idx == 0 or idx == len(seq) - 1:
                continue
            ref = text[s:e]
            if prof.subword_prefix:
                sub = len(tok) != len(ref)
            else:
                sub = s > 0 and " " not in text[s - 1 : s + 1]
            word = tok
            if tid == prof.unk:
                word, sub = ref, False
            pre.append(dict(word=word, scores=scores[idx], start=s, end=e, index=idx, sub=sub))
        if strategy in ("none", "simple"):
            ents = []
            for p in pre:
                k = int(p["scores"].argmax())
                ents.append(dict(entity=LABELS[k], score=float(p["scores"][k]), index=p["index"],
                                 word=p["word"], start=p["start"], end=p["end"]))
        else:
            groups, cur = [], None
            for p in pre:
                if cur is None:
                    cur = [p]
                elif p["sub"]:
                    cur.append(p)
                else:
                    groups.append(cur)
                    cur = [p]
            if cur is not None:
                groups.append(cur)
            ents = []
            for g in groups:
                if strategy == "first":
                    sc = g[0]["scores"]
                elif strategy == "max":
                    sc = max(g, key=lambda p: p["scores"].max())["scores"]
                else:
                    sc = np.nanmean(np.stack([p["scores"] for p in g]), axis=0)
                k = int(sc.argmax())
                ents.append(dict(entity=LABELS[k], score=float(sc[k]),
                                 word=prof.decode([p["word"] for p in g]),
                                 start=g[0]["start"], end=g[-1]["end"]))
        if strategy != "none":
            grouped, cur = [], []

            def tag(label):
                if label.startswith("B-"):
                    return "B", label[2:]
                if label.startswith("I-"):
                    return "I", label[2:]
                return "I", label

            def close(members):
                return dict(entity_group=members[0]["entity"].split("-", 1)[-1],
                            score=float(np.mean([m["score"] for m in members])),
                            word=prof.decode([m["word"] for m in members]),
                            start=members[0]["start"], end=members[-1]["end"])

            for e in ents:
                if cur and not (tag(e["entity"])[1] == tag(cur[-1]["entity"])[1]
                                and tag(e["entity"])[0] != "B"):
                    grouped.append(close(cur))
                    cur = []
                cur.append(e)
            if cur:
                grouped.append(close(cur))
            ents = grouped
        found += [e for e in ents
                  if e.get("entity") not in ignore and e.get("entity_group") not in ignore]
    if len(chunks) > 1 and found:
        found = sorted(found, key=lambda x: x["start"])
        merged, prev = [], found[0]
        for e in found:
            if prev["start"] <= e["start"] < prev["end"]:
                le, lp = e["end"] - e["start"], prev["end"] - prev["start"]
                if le > lp or (le == lp and e["score"] > prev["score"]):
                    prev = e
            else:
                merged.append(prev)
                prev = e
        merged.append(prev)
        found = merged
    return found


# ---------------------------------------------------------------- QA post-processing
def qa(forward, prof, question, context, top_k=1, max_answer_len=15, doc_stride=32,
       handle_impossible_answer=False, align_to_words=True):
    q = prof.tokenize(question)
    c = prof.tokenize(context)
    mid = prof.pair_middle
    answers = []
    min_null = 1000000.0
    for chunk in windows(c, MAX_LEN - len(q) - 2 - mid, doc_stride):
        cls, sep = (prof.cls, "", 0, 0, None), (prof.sep, "", 0, 0, None)
        seq = [cls] + q + [sep] * mid + chunk + [sep]
        seq_ids = [None] + [0] * len(q) + [None] * mid + [1] * len(chunk) + [None]
        types = [0] * (len(q) + 1 + mid) + [1] * (len(chunk) + 1)
        _, se = forward([t[0] for t in seq], types)
        start, end = se[None, :, 0].astype(np.float32), se[None, :, 1].astype(np.float32)
        p_mask = np.array([[0 if (s == 1 or seq[i][0] == prof.cls) else 1
                            for i, s in enumerate(seq_ids)]])
        desired = np.abs(p_mask - 1)  # times an all-ones attention mask
        start = np.where(desired == 0, -10000.0, start).astype(np.float32)
        end = np.where(desired == 0, -10000.0, end).astype(np.float32)
        start = np.exp(start - start.max(axis=-1, keepdims=True))
        start = start / start.sum()
        end = np.exp(end - end.max(axis=-1, keepdims=True))
        end = end / end.sum()
        if handle_impossible_answer:
            min_null = min(min_null, float(start[0, 0] * end[0, 0]))
        start[0, 0] = end[0, 0] = 0.0
        outer = np.matmul(start[..., None], end[:, None, :])
        cand = np.tril(np.triu(outer), max_answer_len - 1)
        flat = cand.flatten()
        order = np.argsort(-flat, kind="stable")[:top_k]
        starts, ends = np.unravel_index(order, cand.shape)[1:]
        ok = desired[0].nonzero()[0]
        for s, e in zip(starts, ends):
            score = float(cand[0, s, e])
            if not (np.isin(s, ok) and np.isin(e, ok)) or score == 0.0:
                continue
            ws, we = seq[s][4], seq[e][4]
            if align_to_words and ws is not None and we is not None:
                a = min(seq[i][2] for i in range(len(seq)) if seq_ids[i] == 1 and seq[i][4] == ws)
                b = max(seq[i][3] for i in range(len(seq)) if seq_ids[i] == 1 and seq[i][4] == we)
            else:
                a, b = seq[s][2], seq[e][3]
            text = context[a:b]
            same = [x for x in answers if x["answer"].lower() == text.lower()]
            if same:
                same[0]["score"] += score
            else:
                answers.append(dict(score=score, start=a, end=b, answer=text))
    if handle_impossible_answer:
        answers.append(dict(score=min_null, start=0, end=0, answer=""))
    return sorted(answers, key=lambda x: x["score"], reverse=True)[:top_k]


# ---------------------------------------------------------------- cases
NER_TEXTS = [
    "my name is wolfgang and i live in berlin",
    "Zoë met Ada in Köln and then Alan lived in Paris, où the river is — it was Wolfgang.",
    "Where did the cat sit? On the mat, in London!",
]
BL_TEXTS = [
    "my name is wolfgang and i live in berlin",
    "where did the cat sit? on the mat, in london! it's a river-side city.",
]


def cases_for(forward, prof, ner_texts, long_text, qa_cases):
    cases = {"tokens": [], "ner": [], "qa": []}
    for text in ner_texts + [long_text]:
        cases["tokens"].append({"text": text, "ids": [t[0] for t in prof.tokenize(text)]})
    for text in ner_texts:
        for strategy in ["none", "simple", "first", "average", "max"]:
            for ignore in (["O"], []):
                cases["ner"].append({"text": text, "aggregation_strategy": strategy,
                                     "ignore_labels": ignore,
                                     "entities": ner(forward, prof, text, strategy, ignore)})
    for strategy in ["simple", "first", "average", "max"]:
        cases["ner"].append({"text": long_text, "aggregation_strategy": strategy,
                             "ignore_labels": [], "stride": 16,
                             "entities": ner(forward, prof, long_text, strategy, [], stride=16)})
    for question, context in qa_cases:
        for kw in [dict(), dict(top_k=5), dict(top_k=5, align_to_words=False),
                   dict(top_k=3, max_answer_len=2), dict(top_k=4, handle_impossible_answer=True)]:
            cases["qa"].append({"question": question, "context": context, "doc_stride": 32,
                                "options": kw,
                                "answers": qa(forward, prof, question, context, doc_stride=32,
                                              **kw)})
    return cases


write_bytelevel_tokenizer()
out = {"max_length": MAX_LEN, "models": {}}
for name in ["tiny-bert-heads", "tiny-distilbert-heads"]:
    out["models"][name] = cases_for(
        load_model(name), WORDPIECE, NER_TEXTS, " ".join([NER_TEXTS[1]] * 5),
        [("Who lived in Paris?", NER_TEXTS[1]),
         ("where did the cat sit", "The cat sat on the mat."),
         ("what city?", " ".join([NER_TEXTS[1]] * 3))])
out["models"]["tiny-roberta-heads"] = cases_for(
    load_model("tiny-roberta-heads"), BYTELEVEL, BL_TEXTS, " ".join([BL_TEXTS[1]] * 4),
    [("who lives in berlin?", BL_TEXTS[0]),
     ("where did the cat sit", BL_TEXTS[1]),
     ("what city?", " ".join([BL_TEXTS[1]] * 3))])

with open(OUT, "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False)
print("wrote", OUT)
