"""Independent reference ids for the tokenizer tests (run once; outputs committed).

Re-implements, from the published algorithms and the ORIGINAL vocabulary files (not tokenizer.json):
  * BERT WordPiece: clean-up, CJK spacing, accent stripping + lower-casing (uncased), whitespace and
    punctuation split, greedy longest-match-first WordPiece with "##" and a 100-character limit,
    following the semantics of Hugging Face tokenizers' BertNormalizer / BertPreTokenizer / WordPiece;
  * GPT-2 byte-level BPE: OpenAI's encoder.json + vocab.bpe, the GPT-2 split pattern, the
    byte-to-unicode table and rank-ordered merges (as in OpenAI's gpt-2 src/encoder.py).

Needs Python 3 with the `regex` package (for \\p{L} and \\p{N}). Usage, from tokenization/:
  python3 src/test/python/reference_tokenizers.py ../../shared/data/tokenizers
Writes src/test/resources/reference/<name>-ids.txt: for every 4th line of fixtures/lines.txt, the
ids without special tokens, space-separated, one line per text.
"""
import json
import sys
import unicodedata

import regex

TOKENIZERS = sys.argv[1] if len(sys.argv) > 1 else "../../shared/data/tokenizers"
FIXTURE = "src/test/resources/fixtures/lines.txt"
OUT = "src/test/resources/reference"


# ---------------------------------------------------------------- BERT WordPiece
def is_control(ch):
    return ch not in "\t\n\r" and unicodedata.category(ch).startswith("C")


def is_whitespace(ch):
    return ch in " \t\n\r" or unicodedata.category(ch) in ("Zs", "Zl", "Zp")


def is_punctuation(ch):
    cp = ord(ch)
    ascii_punct = 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126
    return ascii_punct or unicodedata.category(ch).startswith("P")


def is_cjk(cp):
    ranges = [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
              (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)]
    return any(lo <= cp <= hi for lo, hi in ranges)


def bert_words(text, lowercase):
    cleaned = []
    for ch in text:
        if ord(ch) in (0, 0xFFFD) or is_control(ch):
            continue
        ch = " " if is_whitespace(ch) else ch
        cleaned.append(f" {ch} " if is_cjk(ord(ch)) else ch)
    text = "".join(cleaned)
    if lowercase:  # strip accents first, then lower-case (tokenizers' order)
        text = "".join(c for c in unicodedata.normalize("NFD", text)
                       if unicodedata.category(c) != "Mn").lower()
    words = []
    for chunk in text.split():
        current = ""
        for ch in chunk:
            if is_punctuation(ch):
                if current:
                    words.append(current)
                words.append(ch)
                current = ""
            else:
                current += ch
        if current:
            words.append(current)
    return words


def wordpiece(word, vocab, unk="[UNK]", max_chars=100):
    if len(word) > max_chars:
        return [vocab[unk]]
    ids, start = [], 0
    while start < len(word):
        end, found = len(word), None
        while start < end:
            piece = ("##" if start > 0 else "") + word[start:end]
            if piece in vocab:
                found = vocab[piece]
                break
            end -= 1
        if found is None:
            return [vocab[unk]]
        ids.append(found)
        start = end
    return ids


def bert_ids(text, vocab, lowercase):
    return [i for w in bert_words(text, lowercase) for i in wordpiece(w, vocab)]


# ---------------------------------------------------------------- GPT-2 byte-level BPE
GPT2_SPLIT = regex.compile(
    r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")


def byte_alphabet():
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(
        range(0xAE, 0x100))
    table, extra = {}, 0
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


def bpe(word, ranks):
    parts = list(word)
    while len(parts) > 1:
        pairs = [(ranks.get((a, b), float("inf")), i) for i, (a, b) in
                 enumerate(zip(parts, parts[1:]))]
        rank, i = min(pairs)
        if rank == float("inf"):
            break
        first, second = parts[i], parts[i + 1]
        merged, j = [], 0
        while j < len(parts):  # merge every occurrence of the best pair, left to right
            if j < len(parts) - 1 and parts[j] == first and parts[j + 1] == second:
                merged.append(first + second)
                j += 2
            else:
                merged.append(parts[j])
                j += 1
        parts = merged
    return parts


def gpt2_ids(text, encoder, ranks, alphabet):
    ids = []
    for chunk in GPT2_SPLIT.findall(text):
        spelled = "".join(alphabet[b] for b in chunk.encode("utf-8"))
        ids.extend(encoder[p] for p in bpe(spelled, ranks))
    return ids


def main():
    lines = open(FIXTURE, encoding="utf-8").read().split("\n")[:-1][::4]
    for name, lowercase in [("bert-base-cased", False), ("bert-base-uncased", True)]:
        tokens = open(f"{TOKENIZERS}/{name}/vocab.txt", encoding="utf-8").read().split("\n")[:-1]
        vocab = {t: i for i, t in enumerate(tokens)}
        write(name, [bert_ids(line, vocab, lowercase) for line in lines])
    encoder = json.load(open(f"{TOKENIZERS}/gpt2/encoder.json", encoding="utf-8"))
    merges = open(f"{TOKENIZERS}/gpt2/vocab.bpe", encoding="utf-8").read().split("\n")[1:-1]
    ranks = {tuple(m.split(" ")): r for r, m in enumerate(merges)}
    write("gpt2", [gpt2_ids(line, encoder, ranks, byte_alphabet()) for line in lines])


def write(name, rows):
    with open(f"{OUT}/{name}-ids.txt", "w", encoding="utf-8", newline="\n") as out:
        for ids in rows:
            out.write(" ".join(map(str, ids)) + "\n")
    print(name, len(rows), "lines")


if __name__ == "__main__":
    main()
