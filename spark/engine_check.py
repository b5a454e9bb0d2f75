"""The app against the real engines: Spark MLlib's ALS and Python's implicit (run by `npm test`).

    python spark/engine_check.py prepare --data ../shared/data/ml-latest-small --out test-reports/engines
    (the e2e suite imports these models into the app and exports the app's models and data)
    python spark/engine_check.py verify --out test-reports/engines

prepare trains, on ml-latest-small and the app's own seeded 80/20 split:
    spark-implicit/   als_job.py's defaults (implicit feedback): model.zip, metrics.json (NDCG@10 etc.)
    spark-explicit/   als_job.py --explicit (ratings) at a smaller rank
    implicit/         implicit's AlternatingLeastSquares, saved with model.save (rows = MovieLens ids)
and writes beside each the engine's own predictions for a few users (expected.json), which the
e2e suite compares with every pick the app lists.

verify opens what the e2e suite downloaded from the app (app-exports/) in the engines:
ALSModel.load -> transform equals the app's scores to 1e-5, spark.read.parquet gives the dataset's
schema and counts, implicit loads the .npz, and a Spark or implicit model that went through the
app (import -> export) comes back bit for bit. It prints one line per check and writes
verify.json with the counts.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import zipfile

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # implicit warns (and slows) otherwise

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import als_job  # noqa: E402

# Users whose every score the e2e suite checks: a light, a middling and the heaviest rater.
CHECKED_USERS = [1, 2, 414]
TOLERANCE = 1e-5


def spark_session():
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.master("local[2]").appName("engine-check").config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def spark_scores(spark, model_dir: str, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], float]:
    """ALSModel.load(model_dir).transform on (userId, movieId) pairs: Spark's own predictions."""
    from pyspark.ml.recommendation import ALSModel

    model = ALSModel.load(model_dir)
    frame = spark.createDataFrame(pairs, f"{model.getUserCol()} int, {model.getItemCol()} int")
    rows = model.transform(frame).collect()
    user_col, item_col = model.getUserCol(), model.getItemCol()
    return {(int(r[user_col]), int(r[item_col])): float(r.prediction) for r in rows if r.prediction == r.prediction}


def expected_for_spark(spark, model_dir: str, out_file: str) -> None:
    from pyspark.ml.recommendation import ALSModel

    movie_ids = [int(r.id) for r in ALSModel.load(model_dir).itemFactors.select("id").collect()]
    pairs = [(user, movie) for user in CHECKED_USERS for movie in movie_ids]
    scores = spark_scores(spark, model_dir, pairs)
    expected = {str(user): {str(movie): scores[(user, movie)] for movie in movie_ids if (user, movie) in scores} for user in CHECKED_USERS}
    with open(out_file, "w") as handle:
        json.dump(expected, handle)


def read_csv_columns(path: str):
    import csv

    with open(path, newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        rows = [row for row in reader]
    return rows


def train_implicit(data: str, out: str) -> dict:
    """implicit's ALS on the app's training split, saved as implicit saves (rows = MovieLens ids)."""
    import implicit
    from scipy.sparse import csr_matrix

    rows = read_csv_columns(os.path.join(data, "ratings.csv"))
    users = np.array([int(r[0]) for r in rows])
    movies = np.array([int(r[1]) for r in rows])
    test_mask = als_job.app_random_split(len(rows), 0.2, 7)
    movie_ids = [int(r[0]) for r in read_csv_columns(os.path.join(data, "movies.csv"))]
    shape = (int(users.max()) + 1, max(int(movies.max()), max(movie_ids)) + 1)
    train = ~test_mask
    user_items = csr_matrix((np.ones(int(train.sum()), dtype=np.float32), (users[train], movies[train])), shape=shape)
    model = implicit.cpu.als.AlternatingLeastSquares(factors=32, regularization=0.05, alpha=1.0, iterations=10, random_state=7)
    started = time.time()
    model.fit(user_items, show_progress=False)
    seconds = time.time() - started
    os.makedirs(out, exist_ok=True)
    model.save(os.path.join(out, "model.npz"))
    known = set(movie_ids) | set(movies.tolist())
    expected = {}
    for user in CHECKED_USERS:
        # implicit's own scoring: recommend over every item, nothing filtered.
        ids, scores = model.recommend(user, user_items[user], N=shape[1], filter_already_liked_items=False)
        expected[str(user)] = {str(int(i)): float(s) for i, s in zip(ids, scores) if int(i) in known}
    with open(os.path.join(out, "expected.json"), "w") as handle:
        json.dump(expected, handle)
    # The app's ranking protocol on the same split, for the ranking table the app shows.
    ratings_col = np.array([float(r[2]) for r in rows], dtype=np.float32)
    train_t = (users[train], movies[train], ratings_col[train])
    test_t = (users[test_mask], movies[test_mask], ratings_col[test_mask])
    dense_users = als_job.dense_order([], users, test_t[0])
    dense_movies = als_job.dense_order(movie_ids, movies, test_t[1])
    user_factors = {u: model.user_factors[u] for u in dense_users}
    item_factors = {m: model.item_factors[m] for m in dense_movies}
    ranking = als_job.ranking_metrics(train_t, test_t, dense_users, dense_movies, user_factors, item_factors, 32)
    with open(os.path.join(out, "metrics.json"), "w") as handle:
        json.dump({"ranking": ranking, "trainSeconds": seconds}, handle, indent=2)
    return {"factors": 32, "seconds": seconds, "shape": list(shape), "ndcgAtK": ranking["ndcgAtK"]}


def prepare(args) -> int:
    ratings = os.path.join(args.data, "ratings.csv")
    movies = os.path.join(args.data, "movies.csv")
    os.makedirs(args.out, exist_ok=True)
    for stale in ("app-exports", "verify.json"):
        path = os.path.join(args.out, stale)
        if os.path.isdir(path):
            import shutil

            shutil.rmtree(path)
        elif os.path.exists(path):
            os.remove(path)
    summary = {}
    started = time.time()
    imp = als_job.main(["--ratings", ratings, "--movies", movies, "--out", os.path.join(args.out, "spark-implicit"), "--master", "local[2]"])
    summary["spark-implicit"] = {"ndcgAtK": imp["ranking"]["ndcgAtK"], "seconds": time.time() - started}
    started = time.time()
    exp = als_job.main(
        ["--ratings", ratings, "--movies", movies, "--out", os.path.join(args.out, "spark-explicit"), "--master", "local[2]", "--explicit", "--factors", "16", "--iterations", "10"]
    )
    summary["spark-explicit"] = {"ndcgAtK": exp["ranking"]["ndcgAtK"], "seconds": time.time() - started}
    spark = spark_session()
    for name in ("spark-implicit", "spark-explicit"):
        expected_for_spark(spark, os.path.join(args.out, name, "model"), os.path.join(args.out, name, "expected.json"))
    spark.stop()
    summary["implicit"] = train_implicit(args.data, os.path.join(args.out, "implicit"))
    summary["checkedUsers"] = CHECKED_USERS
    with open(os.path.join(args.out, "prepared.json"), "w") as handle:
        json.dump(summary, handle, indent=2)
    print(json.dumps(summary))
    return 0


# --- verify -------------------------------------------------------------------------------


class Checks:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, name: str, ok: bool, detail: str = "") -> None:
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(f"  {'✓' if ok else '✗'} {name}{f' ({detail})' if detail else ''}", flush=True)


def unzip(path: str, into: str) -> str:
    with zipfile.ZipFile(path) as archive:
        archive.extractall(into)
    return into


def factor_table(spark, model_dir: str, side: str) -> dict[int, np.ndarray]:
    from pyspark.ml.recommendation import ALSModel

    model = ALSModel.load(model_dir)
    frame = model.userFactors if side == "user" else model.itemFactors
    return {int(r.id): np.asarray(r.features, dtype=np.float32) for r in frame.collect()}


def same_bits(original: dict[int, np.ndarray], back: dict[int, np.ndarray]) -> tuple[bool, str]:
    """Every row of the original comes back with the same bits; rows the app adds (the dataset's
    users and movies the engine had no row for, e.g. movies only in the test split) are zeros,
    the score the app gives them."""
    missing = set(original) - set(back)
    if missing:
        return False, f"{len(missing)} ids lost"
    differing = sum(1 for key in original if original[key].tobytes() != back[key].tobytes())
    added = [key for key in back if key not in original]
    nonzero = sum(1 for key in added if np.any(back[key] != 0))
    return differing == 0 and nonzero == 0, f"{len(original)} rows, {differing} differ; {len(added)} rows added, {nonzero} of them not zero"


def close_scores(engine: dict[tuple[int, int], float], app: dict[tuple[int, int], float]) -> tuple[bool, str]:
    missing = [pair for pair in app if pair not in engine]
    if missing or not app:
        return False, f"{len(missing)} of {len(app)} pairs have no engine prediction"
    worst = max(abs(engine[pair] - app[pair]) for pair in app)
    return worst <= TOLERANCE, f"{len(app)} scores, largest difference {worst:.2e}"


def app_scores(exports: str, which: str) -> dict[tuple[int, int], float]:
    """The app's scores as its picks showed them (from the e2e suite), by (userId, movieId)."""
    with open(os.path.join(exports, "app-scores.json")) as handle:
        listed = json.load(handle)[which]
    return {(int(user), int(movie)): float(score) for user, picks in listed.items() for movie, score in picks.items()}


def verify(args) -> int:
    checks = Checks()
    exports = os.path.join(args.out, "app-exports")
    if not os.path.isdir(exports):
        print(f"No {exports}: the e2e suite did not export the app's models (see its report).")
        checks.check("the e2e suite's exports are there", False)
        return finish(args, checks)
    spark = spark_session()
    work = os.path.join(args.out, "verify-work")
    with open(os.path.join(exports, "app-scores.json")) as handle:
        listed = json.load(handle)

    # 1. Models trained in the app open in Spark; transform gives the app's scores.
    for which, file in (("biased-mf", "biased-mf-spark-als.zip"), ("ials", "ials-spark-als.zip")):
        model_dir = unzip(os.path.join(exports, file), os.path.join(work, which))
        engine = spark_scores(spark, model_dir, list(app_scores(exports, which)))
        ok, detail = close_scores(engine, app_scores(exports, which))
        checks.check(f"ALSModel.load({file}) -> transform equals the app's scores to {TOLERANCE}", ok, detail)

    # 2. The app's iALS ranker as implicit's .npz: implicit loads it and scores as the app does.
    from implicit.cpu.als import AlternatingLeastSquares

    npz = AlternatingLeastSquares.load(os.path.join(exports, "ials-implicit.npz"))
    raw = np.load(os.path.join(exports, "ials-implicit.npz"))
    user_row = {int(i): r for r, i in enumerate(raw["user_ids"])}
    item_row = {int(i): r for r, i in enumerate(raw["item_ids"])}
    app = app_scores(exports, "ials")
    engine = {(u, m): float(npz.user_factors[user_row[u]] @ npz.item_factors[item_row[m]]) for u, m in app}
    ok, detail = close_scores(engine, app)
    checks.check(f"implicit's AlternatingLeastSquares.load(ials-implicit.npz) scores equal the app's to {TOLERANCE}", ok, detail)
    checks.check("the .npz holds implicit's settings", int(npz.factors) == raw["user_factors"].shape[1], f"factors {npz.factors}")

    # 3. The dataset as Parquet: spark.read.parquet reads it with the schema and counts the app showed.
    data_dir = unzip(os.path.join(exports, "dataset-parquet.zip"), os.path.join(work, "dataset"))
    ratings = spark.read.parquet(os.path.join(data_dir, "ratings.parquet"))
    # (Spark reads every file column as nullable, whatever the file says: names and types are what count.)
    schema = [(f.name, f.dataType.simpleString()) for f in ratings.schema.fields]
    want = [("userId", "int"), ("movieId", "int"), ("rating", "float"), ("timestamp", "bigint")]
    checks.check("spark.read.parquet(ratings.parquet) has userId int, movieId int, rating float, timestamp bigint", schema == want, str(schema))
    counts = listed["dataset"]
    checks.check("ratings.parquet has every rating", ratings.count() == counts["ratings"], f"{ratings.count()} of {counts['ratings']}")
    checks.check("its users are the app's", ratings.select("userId").distinct().count() == counts["users"])
    movies = spark.read.parquet(os.path.join(data_dir, "movies.parquet"))
    checks.check("movies.parquet has every movie with title and genres", movies.count() == counts["movies"] and movies.columns == ["movieId", "title", "genres"], str(movies.columns))
    test = spark.read.parquet(os.path.join(data_dir, "test.parquet"))
    checks.check("test.parquet holds the app's 20 % test split", test.count() == int(np.floor(counts["ratings"] * 0.2 + 0.5)), str(test.count()))
    sums = ratings.selectExpr("sum(rating) as s").collect()[0].s
    checks.check("the ratings sum as the app's", abs(sums - counts["ratingSum"]) < 1e-3, f"{sums} vs {counts['ratingSum']}")

    # 4. Round trips through the app: a Spark model imported and exported again is bit for bit Spark's.
    original = os.path.join(args.out, "spark-implicit", "model")
    back = unzip(os.path.join(exports, "spark-roundtrip-spark-als.zip"), os.path.join(work, "roundtrip"))
    for side in ("user", "item"):
        ok, detail = same_bits(factor_table(spark, original, side), factor_table(spark, back, side))
        checks.check(f"Spark -> app -> Spark keeps every {side} factor bit for bit", ok, detail)
    spark.stop()
    first = np.load(os.path.join(args.out, "implicit", "model.npz"))
    again = np.load(os.path.join(exports, "implicit-roundtrip-implicit.npz"))
    for side, key, ids in (("user", "user_factors", "user_ids"), ("item", "item_factors", "item_ids")):
        rows = again[ids]
        ok = again[key].dtype == np.float32 and np.array_equal(first[key][rows].view(np.uint32), again[key].view(np.uint32))
        checks.check(f"implicit -> app -> implicit keeps every {side} factor bit for bit", ok, f"{len(rows)} rows")
    return finish(args, checks)


def finish(args, checks: Checks) -> int:
    with open(os.path.join(args.out, "verify.json"), "w") as handle:
        json.dump({"passed": checks.passed, "failed": checks.failed}, handle)
    print(f"engines: {checks.passed} passed, {checks.failed} failed")
    return 0 if checks.failed == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--data", required=True)
    p.add_argument("--out", required=True)
    v = sub.add_parser("verify")
    v.add_argument("--out", required=True)
    args = parser.parse_args()
    return prepare(args) if args.command == "prepare" else verify(args)


if __name__ == "__main__":
    sys.exit(main())
