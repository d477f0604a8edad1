#!/usr/bin/env bash
# Run the Spark example end to end in local mode and check its output:
#   1. build unspin (release);
#   2. install pyspark into a virtual environment (examples/spark/.venv, or $VENV);
#   3. write a small JSONL corpus of spun and clean documents from the project's own
#      example texts (ids say which is which);
#   4. spark-submit unspin_job.py on local[2];
#   5. check that exactly the spun documents were flagged.
# Needs: a Rust toolchain, python3 (3.9+) with venv, and Java 17+ for Spark.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${VENV:-$here/.venv}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --manifest-path "$root/Cargo.toml" --bin unspin
unspin="$root/target/release/unspin"

if [ ! -x "$venv/bin/spark-submit" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet pyspark
fi

python3 - "$root" "$work/corpus.jsonl" <<'PY'
import json, pathlib, sys
root, out = pathlib.Path(sys.argv[1]), sys.argv[2]
spun = [p.read_text() for p in sorted((root / "tests/pairs").glob("*.spun.txt"))]
spun.append((root / "examples/spun-news.txt").read_text())
clean = [p.read_text() for p in sorted((root / "tests/clean").glob("*.txt"))]
clean.append((root / "examples/clean-news.txt").read_text())
with open(out, "w") as f:
    for i in range(120):  # several partitions' worth, interleaved
        if i % 3 == 0:
            f.write(json.dumps({"id": f"spun-{i}", "text": spun[i % len(spun)]}) + "\n")
        else:
            f.write(json.dumps({"id": f"clean-{i}", "text": clean[i % len(clean)]}) + "\n")
PY

# spark-submit finds Spark and runs the job with the python first on PATH.
export PATH="$venv/bin:$PATH" PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python"
"$venv/bin/spark-submit" --master 'local[2]' --conf spark.ui.enabled=false \
    "$here/unspin_job.py" "$work/corpus.jsonl" "$work/out" --unspin "$unspin" \
    2> "$work/spark.log" | tee "$work/summary.json" || { tail -30 "$work/spark.log"; exit 1; }

python3 - "$work/out" "$work/corpus.jsonl" <<'PY'
import glob, json, sys
flagged = {json.loads(l)["id"] for p in glob.glob(sys.argv[1] + "/part-*") for l in open(p) if l.strip()}
ids = [json.loads(l)["id"] for l in open(sys.argv[2])]
expected = {i for i in ids if i.startswith("spun-")}
missed, wrong = expected - flagged, flagged - expected
print(f"{len(ids)} documents, {len(expected)} spun, {len(flagged)} flagged; "
      f"missed {len(missed)}, wrongly flagged {len(wrong)}")
if missed or wrong:
    print("missed:", sorted(missed)[:10], "wrong:", sorted(wrong)[:10])
    sys.exit(1)
print("ok: the Spark job found exactly the spun documents")
PY
