"""Draws the tokenizer-equivalence fixture from ../shared/data (run once; output committed).

Writes src/test/resources/fixtures/lines.txt: one text per line, UTF-8, drawn deterministically
(seed 2) from SQuAD v1.1 train questions and contexts (CC BY-SA 4.0) and the 19th-century novels
(public domain). No CoNLL-2003 text (licence). Texts with non-ASCII characters are over-sampled so
that accents, CJK and symbols are well covered.
"""
import glob
import json
import random
import sys

data = sys.argv[1] if len(sys.argv) > 1 else "../../../../shared/data"
rng = random.Random(2)

questions, contexts = [], []
for path in sorted(glob.glob(f"{data}/qa-train/squad-v1.1-train/squad-json/*.json")):
    for article in json.load(open(path, encoding="utf-8"))["data"]:
        for paragraph in article["paragraphs"]:
            contexts.append(paragraph["context"])
            questions.extend(qa["question"] for qa in paragraph["qas"])

novel_lines = []
for path in sorted(glob.glob(f"{data}/lm-corpus/english-novels-19c/novels-19c-part*.txt")):
    text = open(path, encoding="utf-8").read()
    novel_lines.extend(line.strip() for line in text.split("\n") if len(line.strip()) > 20)


def draw(pool, n, non_ascii_share):
    non_ascii = [t for t in pool if any(ord(c) > 127 for c in t)]
    ascii_only = [t for t in pool if all(ord(c) <= 127 for c in t)]
    k = min(int(n * non_ascii_share), len(non_ascii))
    return rng.sample(non_ascii, k) + rng.sample(ascii_only, n - k)


lines = draw(questions, 450, 0.3) + draw(contexts, 250, 0.5) + draw(novel_lines, 400, 0.25)
lines = [" ".join(t.split("\n")).replace("\r", " ") for t in lines]
with open("src/test/resources/fixtures/lines.txt", "w", encoding="utf-8", newline="\n") as out:
    for line in lines:
        out.write(line + "\n")
print(len(lines), "lines,", sum(len(t) for t in lines), "chars")
