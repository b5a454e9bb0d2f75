"""
PyTorch peer for the rating model's epoch time (issue 11): biased MF exactly as the app trains it
(r̂ = μ + b_u + b_i + p_u·q_i; loss = mean over the batch of (r − r̂)² + λ(|p_u|² + |q_i|² + b_u² + b_i²);
Adam with tfjs's constants; seeded 80/20 split; shuffled mini-batches each epoch), on the CPU with
every core. `npm run bench` runs it in the same session as the app's training and reports the ratio
of epoch times; it prints one JSON line.

Torch from Debian (apt-get install python3-torch) or PyPI. Usage:
  python3 bench/peers/torch_mf.py --ratings ../shared/data/ml-latest-small/ratings.csv \
      --factors 64 --batch-size 1024 --epochs 5 --lr 0.003 --reg 0.1 --seed 7 [--sklearn-split 1234]
"""
import argparse
import json
import os
import time

import numpy as np
import torch


def read_ratings(path):
    # MovieLens CSV (header userId,movieId,rating,timestamp); numpy is enough for a peer.
    data = np.loadtxt(path, delimiter=',', skiprows=1, usecols=(0, 1, 2), dtype=np.float64)
    _, users = np.unique(data[:, 0].astype(np.int64), return_inverse=True)
    _, movies = np.unique(data[:, 1].astype(np.int64), return_inverse=True)
    return users, movies, data[:, 2].astype(np.float32)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--ratings', required=True)
    parser.add_argument('--factors', type=int, default=64)
    parser.add_argument('--batch-size', type=int, default=1024)
    parser.add_argument('--epochs', type=int, default=5)
    parser.add_argument('--lr', type=float, default=0.003)
    parser.add_argument('--reg', type=float, default=0.1)
    parser.add_argument('--seed', type=int, default=7)
    parser.add_argument('--threads', type=int, default=os.cpu_count() or 1)
    parser.add_argument('--sklearn-split', type=int, default=None, metavar='SEED',
                        help="the split of scikit-learn's train_test_split(test_size=0.2, random_state=SEED): "
                             'its ShuffleSplit is numpy RandomState(SEED).permutation, ceil(0.2 n) rows to test')
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)

    users, movies, ratings = read_ratings(args.ratings)
    if args.sklearn_split is not None:
        order = np.random.RandomState(args.sklearn_split).permutation(len(ratings))
        test_count = int(np.ceil(0.2 * len(ratings)))
    else:
        order = rng.permutation(len(ratings))
        test_count = int(round(0.2 * len(ratings)))
    train, test = order[test_count:], order[:test_count]
    u_train = torch.from_numpy(users[train]); m_train = torch.from_numpy(movies[train])
    r_train = torch.from_numpy(ratings[train])
    u_test = torch.from_numpy(users[test]); m_test = torch.from_numpy(movies[test])
    r_test = torch.from_numpy(ratings[test])
    user_count, movie_count, k = int(users.max()) + 1, int(movies.max()) + 1, args.factors
    mu = float(r_train.mean())

    P = torch.nn.Parameter(torch.randn(user_count, k) * 0.01)
    Q = torch.nn.Parameter(torch.randn(movie_count, k) * 0.01)
    bu = torch.nn.Parameter(torch.zeros(user_count))
    bi = torch.nn.Parameter(torch.zeros(movie_count))
    optimizer = torch.optim.Adam([P, Q, bu, bi], lr=args.lr, betas=(0.9, 0.999), eps=1e-7)

    def predict(u, m):
        return mu + bu[u] + bi[m] + (P[u] * Q[m]).sum(1)

    def rmse(u, m, r):
        with torch.no_grad():
            return float(torch.sqrt(torch.mean((predict(u, m).clamp(0.5, 5) - r) ** 2)))

    n = len(r_train)
    train_ms, epoch_ms, test_rmse = [], [], []
    for _ in range(args.epochs):
        started = time.perf_counter()
        perm = torch.randperm(n)
        for start in range(0, n, args.batch_size):
            batch = perm[start:start + args.batch_size]
            u, m, r = u_train[batch], m_train[batch], r_train[batch]
            p, q, b1, b2 = P[u], Q[m], bu[u], bi[m]
            error = mu + b1 + b2 + (p * q).sum(1) - r
            penalty = (p * p).sum(1) + (q * q).sum(1) + b1 * b1 + b2 * b2
            loss = torch.mean(error * error + args.reg * penalty)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        train_ms.append((time.perf_counter() - started) * 1000)
        rmse(u_train, m_train, r_train)
        test_rmse.append(rmse(u_test, m_test, r_test))
        epoch_ms.append((time.perf_counter() - started) * 1000)
    print(json.dumps({
        'peer': 'pytorch-biased-mf', 'torch': torch.__version__, 'threads': args.threads,
        'factors': k, 'batchSize': args.batch_size, 'steps': (n + args.batch_size - 1) // args.batch_size,
        'trainMsPerEpoch': [round(x, 1) for x in train_ms], 'msPerEpoch': [round(x, 1) for x in epoch_ms],
        'testRmse': [round(x, 4) for x in test_rmse],
    }))


if __name__ == '__main__':
    main()
