"""Train Spark MLlib's ALS on MovieLens ratings and write a model the app imports.

The same file runs on a laptop and on a cluster:

    python spark/als_job.py --ratings ratings.csv --movies movies.csv --out out/      # local[*]
    spark-submit --master yarn spark/als_job.py --ratings hdfs:///ml/ratings.parquet --model hdfs:///models/als --out out/

Reads MovieLens CSV (userId,movieId,rating,timestamp) or the app's Parquet export, holds out a
test split (the app's own seeded 80/20 split by default, or the --test file), trains ALS
(implicit feedback by default, --explicit for ratings), and writes

    out/model/        the ALSModel folder (ALSModel.load reads it)
    out/model.zip     that folder zipped, plus training.json: what the app's "Import model…" takes
    out/metrics.json  precision/recall/NDCG@10 on the test split, by the app's ranking protocol

Settings are named like the app's: --factors, --regularization, --alpha, --iterations, --seed,
--test-fraction. Spark's model metadata does not record implicitPrefs, regParam or alpha (its
ALSModel keeps only the model's own params), so training.json carries them to the app.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import zipfile

import numpy as np

RELEVANT_THRESHOLD = 4.0
TOP_K = 10
# The app evaluates at most this many users (a seeded sample of the eligible ones), seed 1.
RANKING_MAX_USERS = 1000
RANKING_SAMPLE_SEED = 1


# --- The app's seeded random numbers (src/recsys/random.ts), bit for bit -------------------


def mulberry32(seed: int):
    state = seed & 0xFFFFFFFF

    def imul(a: int, b: int) -> int:
        return (a * b) & 0xFFFFFFFF

    def next_float() -> float:
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return next_float


def shuffle_in_place(values: list, random) -> None:
    """Fisher-Yates exactly as the app's shuffleInPlace draws it."""
    for i in range(len(values) - 1, 0, -1):
        j = int(random() * (i + 1))
        values[i], values[j] = values[j], values[i]


def app_random_split(n: int, test_fraction: float, seed: int) -> np.ndarray:
    """The rows the app's randomSplit holds out for testing (a boolean mask over rows)."""
    order = list(range(n))
    shuffle_in_place(order, mulberry32(seed))
    test_count = int(np.floor(n * test_fraction + 0.5))  # Math.round
    mask = np.zeros(n, dtype=bool)
    mask[order[:test_count]] = True
    return mask


# --- Reading ---------------------------------------------------------------------------------


def read_ratings(spark, path: str):
    from pyspark.sql import functions as F

    if path.endswith(".csv"):
        frame = spark.read.option("header", True).csv(path)
    else:
        frame = spark.read.parquet(path)
    return frame.select(
        F.col("userId").cast("int").alias("userId"),
        F.col("movieId").cast("int").alias("movieId"),
        F.col("rating").cast("float").alias("rating"),
    )


def read_movie_ids(spark, path: str | None) -> list[int]:
    if not path:
        return []
    if path.endswith(".csv"):
        frame = spark.read.option("header", True).option("multiLine", True).option("escape", '"').csv(path)
    else:
        frame = spark.read.parquet(path)
    return [int(row.movieId) for row in frame.select("movieId").collect()]


def dense_order(first: list[int], *rest: np.ndarray) -> dict[int, int]:
    """Ids in the order the app indexes them: first appearance (the movies file first, for movies)."""
    index: dict[int, int] = {}
    for raw in first:
        index.setdefault(int(raw), len(index))
    for ids in rest:
        for raw in ids.tolist():
            if raw not in index:
                index[raw] = len(index)
    return index


# --- The app's ranking protocol (src/recsys/ranking-metrics.ts) -------------------------------


def ranking_metrics(train: tuple, test: tuple, users: dict, movies: dict, user_factors: dict, item_factors: dict, rank: int):
    """precision/recall/NDCG@10 as the app computes them for a model's ranking over every movie:
    candidates are the movies a user did not rate in training; scores are float32 p_uᵀq_i (0 for
    a movie or user the model has no row for); ties go to the lower dense movie index; a test
    rating ≥ 4 is relevant; users with a relevant test movie are evaluated, a seeded 1,000 of
    them when there are more."""
    movie_count = len(movies)
    q = np.zeros((movie_count, rank), dtype=np.float64)
    for raw, vector in item_factors.items():
        if raw in movies:
            q[movies[raw]] = vector
    train_by_user: dict[int, set[int]] = {}
    for u, m in zip(train[0].tolist(), train[1].tolist()):
        train_by_user.setdefault(users[u], set()).add(movies[m])
    relevant_by_user: dict[int, set[int]] = {}
    for u, m, r in zip(test[0].tolist(), test[1].tolist(), test[2].tolist()):
        du, dm = users[u], movies[m]
        if r >= RELEVANT_THRESHOLD and dm not in train_by_user.get(du, set()):
            relevant_by_user.setdefault(du, set()).add(dm)
    eligible = sorted(relevant_by_user)
    if len(eligible) > RANKING_MAX_USERS:
        shuffled = list(eligible)
        shuffle_in_place(shuffled, mulberry32(RANKING_SAMPLE_SEED))
        eligible = sorted(shuffled[:RANKING_MAX_USERS])
    raw_user = {dense: raw for raw, dense in users.items()}
    discounts = 1.0 / np.log2(np.arange(2, TOP_K + 2))
    precision = recall = ndcg = 0.0
    for du in eligible:
        vector = user_factors.get(raw_user[du])
        scores = (q @ np.asarray(vector, dtype=np.float64)).astype(np.float32) if vector is not None else np.zeros(movie_count, np.float32)
        scores = scores.astype(np.float64)
        seen = train_by_user.get(du, set())
        if seen:
            scores[list(seen)] = -np.inf
        order = np.argsort(-scores, kind="stable")  # stable: ties keep the lower index first
        top = [m for m in order[: TOP_K + len(seen)] if np.isfinite(scores[m])][:TOP_K]
        relevant = relevant_by_user[du]
        gains = np.array([1.0 if m in relevant else 0.0 for m in top])
        hits = gains.sum()
        precision += hits / TOP_K
        recall += hits / len(relevant)
        ideal = discounts[: min(TOP_K, len(relevant))].sum()
        ndcg += float((gains * discounts[: len(gains)]).sum()) / ideal
    n = len(eligible)
    return {
        "precisionAtK": precision / n if n else float("nan"),
        "recallAtK": recall / n if n else float("nan"),
        "ndcgAtK": ndcg / n if n else float("nan"),
        "users": n,
        "k": TOP_K,
    }


# --- The job ---------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ratings", required=True, help="ratings.csv or .parquet (every rating, or the training ones)")
    parser.add_argument("--movies", help="movies.csv or .parquet: the app indexes movies in its order (ties in the ranking follow it)")
    parser.add_argument("--test", help="held-out ratings (.csv or .parquet); default: the app's seeded split of --ratings")
    parser.add_argument("--test-fraction", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=7, help="the split's seed and ALS's")
    parser.add_argument("--explicit", action="store_true", help="fit the ratings (default: implicit feedback)")
    parser.add_argument("--factors", type=int, default=64)
    parser.add_argument("--regularization", type=float, default=None, help="λ (regParam); default 0.05 explicit, 0.01 implicit")
    parser.add_argument("--alpha", type=float, default=1.0, help="implicit confidence c = 1 + α·r")
    parser.add_argument("--iterations", type=int, default=15)
    parser.add_argument("--master", default=None, help="default: spark-submit's, else local[*]")
    parser.add_argument("--out", required=True, help="a folder on the driver: model/, model.zip, metrics.json")
    parser.add_argument("--checkpoint-dir", help="where ALS checkpoints its lineage (on a cluster: e.g. hdfs:///tmp/als); default: a temporary folder when local")
    parser.add_argument("--model", help="where the ALSModel folder goes instead of OUT/model (e.g. hdfs:///models/als)")
    return parser.parse_args(argv)


def zip_model(model_dir: str, zip_path: str, settings: dict) -> None:
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_STORED) as archive:
        for folder, _, files in os.walk(model_dir):
            for name in sorted(files):
                full = os.path.join(folder, name)
                archive.write(full, os.path.relpath(full, model_dir))
        archive.writestr("training.json", json.dumps(settings, indent=2))


def main(argv=None) -> dict:
    args = parse_args(argv)
    from pyspark.ml.recommendation import ALS
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("movie-recommender-als")
    # Under spark-submit the JVM starts this driver (and sets PYSPARK_GATEWAY_PORT): its --master
    # holds. Run as a plain script, it is local[*] unless --master says otherwise.
    if args.master or "PYSPARK_GATEWAY_PORT" not in os.environ:
        builder = builder.master(args.master or "local[*]")
    # ALS's lineage grows with every iteration; unchecked it overflows the JVM's stack in task
    # deserialization (a StackOverflowError seen here at 15 iterations). A checkpoint directory
    # lets ALS cut it every checkpointInterval (10) iterations; a larger thread stack covers the rest.
    builder = builder.config("spark.driver.extraJavaOptions", "-Xss16m").config("spark.executor.extraJavaOptions", "-Xss16m")
    spark = builder.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    is_local = spark.sparkContext.master.startswith("local")
    checkpoint_dir = args.checkpoint_dir or (tempfile.mkdtemp(prefix="als-checkpoints-") if is_local else None)
    if checkpoint_dir:
        spark.sparkContext.setCheckpointDir(checkpoint_dir)
    started = time.time()

    ratings = read_ratings(spark, args.ratings)
    rows = ratings.collect()  # in file order: the app's users are indexed by first appearance
    users_col = np.array([r.userId for r in rows], dtype=np.int64)
    movies_col = np.array([r.movieId for r in rows], dtype=np.int64)
    ratings_col = np.array([r.rating for r in rows], dtype=np.float32)
    if args.test:
        test_rows = read_ratings(spark, args.test).collect()
        test = (
            np.array([r.userId for r in test_rows], dtype=np.int64),
            np.array([r.movieId for r in test_rows], dtype=np.int64),
            np.array([r.rating for r in test_rows], dtype=np.float32),
        )
        held = set(zip(test[0].tolist(), test[1].tolist()))
        train_mask = np.array([(u, m) not in held for u, m in zip(users_col.tolist(), movies_col.tolist())], dtype=bool)
    else:
        train_mask = ~app_random_split(len(rows), args.test_fraction, args.seed)
        test = (users_col[~train_mask], movies_col[~train_mask], ratings_col[~train_mask])
    train = (users_col[train_mask], movies_col[train_mask], ratings_col[train_mask])

    regularization = args.regularization if args.regularization is not None else (0.05 if args.explicit else 0.01)
    train_frame = spark.createDataFrame(
        list(zip(train[0].tolist(), train[1].tolist(), train[2].tolist())), "userId int, movieId int, rating float"
    )
    als = ALS(
        rank=args.factors,
        maxIter=args.iterations,
        regParam=regularization,
        implicitPrefs=not args.explicit,
        alpha=args.alpha,
        seed=args.seed,
        userCol="userId",
        itemCol="movieId",
        ratingCol="rating",
        coldStartStrategy="nan",
    )
    model = als.fit(train_frame)
    trained_seconds = time.time() - started

    # --model may be on the cluster's storage (hdfs://, s3a://); --out is on the driver's disk.
    out = args.out
    os.makedirs(out, exist_ok=True)
    model_dir = args.model or os.path.join(out, "model")
    model.write().overwrite().save(model_dir)
    settings = {
        "engine": "spark",
        "sparkVersion": spark.version,
        "implicitPrefs": not args.explicit,
        "rank": args.factors,
        "regParam": regularization,
        "alpha": args.alpha,
        "maxIter": args.iterations,
        "seed": args.seed,
        "testFraction": None if args.test else args.test_fraction,
    }
    user_factors = {int(r.id): np.asarray(r.features, dtype=np.float32) for r in model.userFactors.collect()}
    item_factors = {int(r.id): np.asarray(r.features, dtype=np.float32) for r in model.itemFactors.collect()}
    users = dense_order([], users_col, test[0])
    movies = dense_order(read_movie_ids(spark, args.movies), movies_col, test[1])
    metrics = ranking_metrics(train, test, users, movies, user_factors, item_factors, args.factors)
    result = {"settings": settings, "ranking": metrics, "trainCount": int(train_mask.sum()), "testCount": len(test[0]), "trainSeconds": trained_seconds}
    if args.model and "://" in args.model and not args.model.startswith("file:"):
        # The folder is on the cluster's storage: model.zip is made from a copy on the driver.
        local_model = os.path.join(out, "model")
        model.write().overwrite().save("file://" + os.path.abspath(local_model))
    else:
        local_model = model_dir.removeprefix("file:")
    zip_model(local_model, os.path.join(out, "model.zip"), settings)
    with open(os.path.join(out, "metrics.json"), "w") as handle:
        json.dump(result, handle, indent=2)
    print(json.dumps({"ndcgAtK": metrics["ndcgAtK"], "users": metrics["users"], "out": out}))
    spark.stop()
    return result


if __name__ == "__main__":
    main()
