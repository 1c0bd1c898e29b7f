"""Fit a dimred model on a sample, then embed every row of a large CSV on Apache Spark, one `dimred transform`
process per partition, and check the result against a single-process transform.

Usage (local mode; see README.md for a cluster):
    python spark_transform.py --dimred PATH/TO/dimred --rows 300000 --partitions 4 --work DIR

Steps:
1. generate DIR/data.csv: an `id` column and 10 features (a noisy 2-D sheet lifted into 10-D, seeded);
2. `dimred fit` landmark-isomap on a 5 000-row sample, saving DIR/model.json;
3. Spark: read data.csv as text, ship the model with SparkContext.addFile, and stream each partition (header line
   added) through one `dimred transform - --model model.json --keep-columns id -o -` process (mapPartitions around
   a subprocess); the output CSV lines (id, x, y) are written to DIR/spark-out (one part file per partition);
4. the same transform in one process over the whole file, and a row-by-row comparison joined on id
   (|difference| <= 1e-12, every id present once).
Exits non-zero when the comparison fails.
"""
import argparse
import csv
import glob
import math
import os
import random
import subprocess
import sys
import time


def generate(path, rows, seed=7):
    rng = random.Random(seed)
    lift = [[rng.gauss(0, 1) for _ in range(3)] for _ in range(10)]
    with open(path, "w", newline="") as f:
        f.write("id," + ",".join(f"f{j}" for j in range(10)) + "\n")
        for i in range(rows):
            t, s = rng.uniform(0, 3 * math.pi), rng.uniform(0, 5)
            point = (t * math.cos(t), s, t * math.sin(t))
            values = [sum(lift[j][c] * point[c] for c in range(3)) + rng.gauss(0, 0.01) for j in range(10)]
            f.write(f"row{i}," + ",".join(repr(v) for v in values) + "\n")


def read_embedding(lines):
    table = {}
    for row in csv.reader(lines):
        if not row or row[0] == "id":
            continue
        if row[0] in table:
            sys.exit(f"id {row[0]} appears twice")
        table[row[0]] = [float(v) for v in row[1:]]
    return table


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dimred", required=True, help="the dimred executable (on every worker in a cluster)")
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--work", default="spark-work")
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    dimred = os.path.abspath(args.dimred)
    os.makedirs(args.work, exist_ok=True)
    data = os.path.join(args.work, "data.csv")
    model = os.path.join(args.work, "model.json")

    generate(data, args.rows)
    with open(data) as f:
        header = f.readline().rstrip("\n")
        sample_lines = [header] + [line.rstrip("\n") for _, line in zip(range(5000), f)]
    sample = os.path.join(args.work, "sample.csv")
    with open(sample, "w") as f:
        f.write("\n".join(line.split(",", 1)[1] for line in sample_lines) + "\n")
    subprocess.run([dimred, "fit", sample, "--method", "landmark-isomap", "--landmarks", "300", "--neighbors", "10",
                    "--save", model, "-o", "/dev/null", "--quiet"], check=True)

    from pyspark import SparkConf, SparkContext, SparkFiles

    sc = SparkContext(conf=SparkConf().setMaster(args.master).setAppName("dimred-transform"))
    sc.setLogLevel("WARN")
    sc.addFile(model)
    start = time.perf_counter()
    lines = sc.textFile(data, minPartitions=args.partitions).filter(lambda line: not line.startswith("id,"))

    model_name = os.path.basename(model)

    def transform(partition):
        """Streams the partition (header first) through one dimred process and yields its output lines."""
        import itertools
        import subprocess
        import threading
        rows = iter(partition)
        first = next(rows, None)
        if first is None:
            return
        argv = [dimred, "transform", "-", "--model", SparkFiles.get(model_name), "--keep-columns", "id", "-o", "-",
                "--quiet"]
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

        def feed():
            process.stdin.write(header + "\n")
            for row in itertools.chain([first], rows):
                process.stdin.write(row + "\n")
            process.stdin.close()

        writer = threading.Thread(target=feed)
        writer.start()
        for line in process.stdout:
            yield line.rstrip("\n")
        writer.join()
        if process.wait() != 0:
            raise RuntimeError(f"dimred transform exited with {process.returncode}")

    out = os.path.join(args.work, "spark-out")
    if os.path.exists(out):
        import shutil
        shutil.rmtree(out)
    embedded = lines.mapPartitions(transform).filter(lambda line: not line.startswith("id,"))
    embedded.saveAsTextFile(out)
    spark_seconds = time.perf_counter() - start
    sc.stop()

    start = time.perf_counter()
    single = subprocess.run([dimred, "transform", data, "--model", model, "--keep-columns", "id", "-o", "-", "--quiet"],
                            capture_output=True, text=True, check=True).stdout.splitlines()
    single_seconds = time.perf_counter() - start
    spark_lines = []
    for part in sorted(glob.glob(os.path.join(out, "part-*"))):
        with open(part) as f:
            spark_lines += f.read().splitlines()
    a, b = read_embedding(spark_lines), read_embedding(single)
    if a.keys() != b.keys() or len(a) != args.rows:
        sys.exit(f"Spark gave {len(a)} ids, the single process {len(b)}, expected {args.rows}")
    worst = max(abs(x - y) for key in a for x, y in zip(a[key], b[key]))
    print(f"rows={args.rows} partitions={args.partitions} spark_seconds={spark_seconds:.1f} "
          f"single_process_seconds={single_seconds:.1f} max_abs_difference={worst:.3g}")
    if worst > 1e-12:
        sys.exit("Spark and the single-process transform differ by more than 1e-12")


if __name__ == "__main__":
    main()
