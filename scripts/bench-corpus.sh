#!/usr/bin/env bash
# Corpus benchmark (issue 5): builds a corpus of spun and clean documents from the
# project's own texts and reports, in one run on this machine:
#   - `unspin check --input-format jsonl` MB/s on 1 thread and on all threads;
#   - a bare aho-corasick scan of the same surface forms (`unspin dict export`) over
#     the same text (examples/bare_scan.rs: DFA, leftmost-longest, ASCII case-insensitive);
#   - `rg -o -w -i -F -f FORMS` over the same text (if ripgrep is installed);
#   - the same single-thread check and bare scan on a crawl-like corpus (one document in
#     ten spun, the rest clean);
#   - peak RSS of `check` on a 100 MB and a 1 GB JSONL stream.
#
#   scripts/bench-corpus.sh [SIZE_MB]     (default 200; the RSS runs always use 100 MB and 1 GB)
#   ROUNDS=5 scripts/bench-corpus.sh      (5 rounds of the timings; default 9)
#
# Needs: a Rust toolchain, python3, GNU time (/usr/bin/time); ripgrep is optional.
# Everything is written to a temporary directory and removed at the end.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
size_mb="${1:-200}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --quiet --release --manifest-path "$root/Cargo.toml" --bin unspin --example bare_scan
unspin="$root/target/release/unspin"
scan="$root/target/release/examples/bare_scan"
threads="$(nproc)"

# Documents of 2-12 paragraphs of the project's spun and clean texts, shuffled with a
# fixed seed. MIX "paragraphs": any paragraph anywhere, so nearly every document holds
# spun text (the hard case: most documents are spun and repaired). MIX "crawl": a
# document is all spun (one in ten) or all clean, as pages of a web crawl are. The plain
# file holds the same texts one after another.
make_corpus() { # MB JSONL [PLAIN] [MIX]
    python3 - "$root" "$1" "$2" "${3:-}" "${4:-paragraphs}" <<'PY'
import json, pathlib, random, sys
root, mb, jsonl, plain, mix = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
spun_files = sorted((root / "tests/pairs").glob("*.spun.txt")) + [root / "examples/spun-news.txt"]
clean_files = sorted((root / "tests/pairs").glob("*.orig.txt")) + sorted((root / "tests/clean").glob("*.txt"))
clean_files += [root / "examples/clean-news.txt"]
def paragraphs(files):
    return [p.strip() for f in files for p in f.read_text().split("\n\n") if p.strip()]
spun, clean = paragraphs(spun_files), paragraphs(clean_files)
# The order of the stop-9 benchmark, so that its corpus stays the same.
everything = paragraphs(sorted((root / "tests/pairs").glob("*.txt")) + sorted((root / "tests/clean").glob("*.txt"))
                        + [root / "examples/spun-news.txt", root / "examples/clean-news.txt"])
rng = random.Random(7)
target, size, n = mb * 1_000_000, 0, 0
with open(jsonl, "w") as j, (open(plain, "w") if plain else open("/dev/null", "w")) as t:
    while size < target:
        if mix == "crawl":
            source = spun if rng.random() < 0.1 else clean
        else:
            source = everything
        text = "\n\n".join(rng.choice(source) for _ in range(rng.randint(2, 12))) + "\n"
        j.write(json.dumps({"id": f"doc-{n}", "text": text}) + "\n")
        t.write(text + "\n")
        size += len(text.encode())
        n += 1
print(f"{n} documents, {size / 1e6:.0f} MB of text ({mix})", file=sys.stderr)
PY
}

echo "== corpus: ${size_mb} MB" >&2
make_corpus "$size_mb" "$work/corpus.jsonl" "$work/corpus.txt"
"$unspin" dict export --format lines > "$work/forms.txt"
text_bytes=$(stat -c %s "$work/corpus.txt")
forms=$(wc -l < "$work/forms.txt")

# Seconds of wall time and peak RSS (KiB) of a command, its output discarded.
measure() { # OUT_PREFIX CMD...
    local prefix="$1"; shift
    /usr/bin/time -f "%e %M" -o "$work/$prefix.time" "$@" > "$work/$prefix.out" 2> "$work/$prefix.err" || true
    cat "$work/$prefix.time" | tail -1
}
rate() { python3 -c "import sys; print(f'{$1 / 1e6 / max(float(sys.argv[1]), 1e-9):.1f}')" "$2"; }

min() { python3 -c "import sys; print(min(float(a) for a in sys.argv[1:]))" "$@"; }
scan_seconds() { "$scan" "$work/forms.txt" "$1" | python3 -c "import json,sys; print(json.load(sys.stdin)['seconds'])"; }

# The speed of a shared machine drifts by a fifth or more within minutes, in bursts.
# So each round runs the bare scan, check on 1 thread and check on all threads back
# to back, and then again in the reverse order (A B C C B A: a drift during the round
# weighs on each the same); the ratios are the medians of each round's own ratios of
# summed times (runs next to each other see the same machine), and the MB/s figures
# are each one's best run. ROUNDS rounds (default 9: single rounds' ratios spread by a
# third, and a median of five still moved by a tenth from one run to the next).
median() { python3 -c "import statistics,sys; print(statistics.median(float(a) for a in sys.argv[1:]))" "$@"; }
rounds="${ROUNDS:-9}"
t1=inf; tn=inf; ts=inf; ratios1=(); ratiosn=()
check1() { measure check1 "$unspin" check --input-format jsonl --format jsonl --threads 1 --quiet "$work/corpus.jsonl"; }
checkn() { measure checkn "$unspin" check --input-format jsonl --format jsonl --threads "$threads" --quiet "$work/corpus.jsonl"; }
for _ in $(seq "$rounds"); do
    s=$(scan_seconds "$work/corpus.txt")
    read -r a _ < <(check1)
    read -r b _ < <(checkn)
    read -r b2 _ < <(checkn)
    read -r a2 _ < <(check1)
    s2=$(scan_seconds "$work/corpus.txt")
    ratios1+=("$(python3 -c "print(($s + $s2) / ($a + $a2))")"); ratiosn+=("$(python3 -c "print(($a + $a2) / ($b + $b2))")")
    t1=$(min "$t1" "$a" "$a2"); tn=$(min "$tn" "$b" "$b2"); ts=$(min "$ts" "$s" "$s2")
done
ratio1=$(median "${ratios1[@]}"); ration=$(median "${ratiosn[@]}")
lines_in=$(wc -l < "$work/corpus.jsonl"); lines_out=$(wc -l < "$work/check1.out")
scan_rate=$(rate "$text_bytes" "$ts")
if command -v rg > /dev/null; then
    read -r trg _ < <(measure rg rg -o -w -i -F -f "$work/forms.txt" "$work/corpus.txt")
    rg_rate=$(rate "$text_bytes" "$trg"); rg_matches=$(wc -l < "$work/rg.out")
else
    rg_rate="n/a (ripgrep not installed)"; rg_matches="n/a"
fi

echo "== crawl-like corpus: ${size_mb} MB, one document in ten spun" >&2
make_corpus "$size_mb" "$work/crawl.jsonl" "$work/crawl.txt" crawl
crawl_bytes=$(stat -c %s "$work/crawl.txt")
tc=inf; tcs=inf; ratiosc=()
crawl1() { measure crawl1 "$unspin" check --input-format jsonl --format jsonl --threads 1 --quiet "$work/crawl.jsonl"; }
for _ in $(seq "$rounds"); do
    s=$(scan_seconds "$work/crawl.txt")
    read -r a _ < <(crawl1)
    read -r a2 _ < <(crawl1)
    s2=$(scan_seconds "$work/crawl.txt")
    ratiosc+=("$(python3 -c "print(($s + $s2) / ($a + $a2))")")
    tc=$(min "$tc" "$a" "$a2"); tcs=$(min "$tcs" "$s" "$s2")
done
ratioc=$(median "${ratiosc[@]}")
crawl_spun=$(grep -c '"spun":true' "$work/crawl1.out" || true); crawl_docs=$(wc -l < "$work/crawl1.out")
rm -f "$work/crawl1.out"
crawl_scan=$(rate "$crawl_bytes" "$tcs")
rm -f "$work/crawl.txt" "$work/crawl.jsonl"

echo "== peak RSS: 100 MB and 1 GB JSONL streams" >&2
make_corpus 100 "$work/s100.jsonl"
read -r _ rss100 < <(measure rss100 "$unspin" check --input-format jsonl --format jsonl --quiet "$work/s100.jsonl")
rm -f "$work/rss100.out"
for _ in 1 2 3 4 5 6 7 8 9 10; do cat "$work/s100.jsonl"; done > "$work/s1000.jsonl"
read -r t1000 rss1000 < <(measure rss1000 "$unspin" check --input-format jsonl --format jsonl --quiet "$work/s1000.jsonl")
out1000=$(wc -l < "$work/rss1000.out"); in1000=$(wc -l < "$work/s1000.jsonl")

r1=$(rate "$text_bytes" "$t1"); rn=$(rate "$text_bytes" "$tn")
cat <<REPORT
unspin corpus benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m)
corpus: $lines_in documents, $((text_bytes / 1000000)) MB of text; $forms surface forms; $rounds rounds of A B C C B A (MB/s: best run; ratios: median of the rounds' own)
| measurement | MB/s of text |
|---|---|
| unspin check, 1 thread ($lines_out output lines) | $r1 |
| unspin check, $threads threads | $rn |
| bare aho-corasick scan, 1 thread | $scan_rate |
| rg -o -w -i -F -f forms ($rg_matches matches) | $rg_rate |
ratios (median of $rounds rounds): check 1 thread / bare scan = $(python3 -c "print(f'{$ratio1:.3f}')") (rounds: $(python3 -c "import sys; print(' '.join(f'{float(a):.2f}' for a in sys.argv[1:]))" "${ratios1[@]}")); $threads threads / 1 thread = $(python3 -c "print(f'{$ration:.3f}')") (rounds: $(python3 -c "import sys; print(' '.join(f'{float(a):.2f}' for a in sys.argv[1:]))" "${ratiosn[@]}"))
crawl-like corpus ($crawl_docs documents, $crawl_spun flagged spun): check 1 thread $(rate "$crawl_bytes" "$tc") MB/s, bare scan $crawl_scan MB/s, ratio $(python3 -c "print(f'{$ratioc:.2f}')") (median of the rounds)
peak RSS: 100 MB stream $((rss100 / 1024)) MiB; 1 GB stream $((rss1000 / 1024)) MiB ($in1000 lines in, $out1000 out, ${t1000}s)
REPORT
