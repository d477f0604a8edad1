"""Screen a corpus for spun documents with unspin as a step of a Spark job.

Each input line is a JSON document {"id": ..., "text": ...}. Spark hands every
partition to one `unspin check --input-format jsonl --format jsonl` process through
RDD.pipe: documents go to its standard input, one JSON report per document comes
back, in the same order. The job keeps the reports of spun documents and writes
them as JSON lines, plus a one-line summary.

    spark-submit unspin_job.py INPUT OUTPUT_DIR [--unspin PATH] [--threads N]

INPUT is anything Spark's textFile reads (a file, a directory, a glob, s3a://...).
The unspin binary must exist at the same path on every worker (ship it with
--files, or install it in the image).
"""

import argparse
import json
import os
import shlex

from pyspark.sql import SparkSession


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--unspin", default=os.environ.get("UNSPIN", "unspin"))
    parser.add_argument("--threads", default="1",
                        help="threads per unspin process; Spark already runs one per core")
    args = parser.parse_args()

    spark = SparkSession.builder.appName("unspin-screen").getOrCreate()
    sc = spark.sparkContext
    docs = sc.textFile(args.input).filter(lambda line: line.strip())
    command = [args.unspin, "check", "--input-format", "jsonl", "--format", "jsonl",
               "--threads", args.threads, "--quiet"]
    # checkCode stays False: `check` exits 1 when it finds artifacts, which is a result.
    reports = docs.pipe(shlex.join(command)).map(json.loads).cache()
    spun = reports.filter(lambda r: r.get("spun"))
    spun.map(lambda r: json.dumps({"id": r.get("id"), "per_1000": r.get("per_1000"),
                                   "findings": len(r.get("findings", []))})) \
        .saveAsTextFile(args.output)
    total, flagged = reports.count(), spun.count()
    print(json.dumps({"documents": total, "spun": flagged}))
    spark.stop()


if __name__ == "__main__":
    main()
