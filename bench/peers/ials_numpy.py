"""
Python peer for the ranking model (issue 10): CG-solved iALS "revisited" (Rendle et al. 2021)
with rating-weighted observed entries, on ml-latest-small (../shared/data), seeded 80/20 split,
hyperparameters judged on a 10 % validation carve of the training ratings, NDCG@10 as in
src/recsys/ranking-metrics.ts (its own numpy-seeded split, not the app's). numpy + scipy in a venv:
  python3 -m venv .venv && .venv/bin/pip install numpy scipy
  .venv/bin/python bench/peers/ials_numpy.py "dict(wfun=lambda x: np.maximum(x-2.5,0.1))"
Each argument is a dict of ials_cg keyword arguments; it prints validation and test figures.
"""
import numpy as np, time, csv, scipy.sparse as sp
import os
DATA = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'shared', 'data')
rng = np.random.default_rng(0)
rows = list(csv.reader(open('' + DATA + '/ml-latest-small/ratings.csv')))[1:]
u_raw = np.array([int(x[0]) for x in rows]); m_raw = np.array([int(x[1]) for x in rows]); r = np.array([float(x[2]) for x in rows], dtype=np.float32)
_, u = np.unique(u_raw, return_inverse=True); _, m = np.unique(m_raw, return_inverse=True)
U, M = u.max()+1, m.max()+1
perm = rng.permutation(len(r)); ntest = int(0.2*len(r))
test_idx, train_idx = perm[:ntest], perm[ntest:]
vperm = np.random.default_rng(1).permutation(train_idx); nval = int(0.1*len(train_idx))
val_idx, fit_idx = vperm[:nval], vperm[nval:]

def evaluate(S, tr, te, k=10):
    """S: U x M scores"""
    S = S.astype(np.float64).copy()
    S[u[tr], m[tr]] = -np.inf
    relm = sp.csr_matrix(((r[te] >= 4).astype(float), (u[te], m[te])), shape=(U, M))
    relm.eliminate_zeros()
    nrel = np.asarray(relm.sum(1)).ravel()
    users = np.where(nrel > 0)[0]
    top = np.argpartition(-S[users], k, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(S[users], top, 1), axis=1)
    top = np.take_along_axis(top, order, 1)
    R = relm[users].toarray()
    hits = np.take_along_axis(R, top, 1) > 0
    disc = 1/np.log2(np.arange(2, k+2))
    dcg = (hits*disc).sum(1); idcg = np.array([disc[:min(k,int(n))].sum() for n in nrel[users]])
    return hits.sum(1).mean()/k, (hits.sum(1)/nrel[users]).mean(), (dcg/idcg).mean()

def ials_cg(tr, k=128, alpha0=0.3, lam=0.3, nu=0.5, epochs=16, cg=3, wfun=None, seed=0, init=0.1):
    g = np.random.default_rng(seed)
    P = g.normal(0, init/np.sqrt(k), (U,k)); Q = g.normal(0, init/np.sqrt(k), (M,k))
    w = np.ones(len(tr)) if wfun is None else wfun(r[tr])
    Ru = sp.csr_matrix((w, (u[tr], m[tr])), shape=(U,M))  # confidence weights
    Rm = Ru.T.tocsr()
    cnt_u = np.bincount(u[tr], minlength=U); cnt_m = np.bincount(m[tr], minlength=M)
    reg_u = lam*(cnt_u + alpha0*M)**nu; reg_m = lam*(cnt_m + alpha0*U)**nu
    def step(X, Y, R, reg):
        G = Y.T @ Y
        coo = R.tocoo(); rows_, cols_, vals = coo.row, coo.col, coo.data
        def matvec(Pm):
            s = np.einsum('ij,ij->i', Pm[rows_], Y[cols_]) * vals
            return alpha0*(Pm @ G) + reg[:,None]*Pm + sp.csr_matrix((s, (rows_, cols_)), shape=R.shape) @ Y
        b = R @ Y
        x = X; res = b - matvec(x); p = res.copy(); rs = (res*res).sum(1)
        for _ in range(cg):
            Ap = matvec(p); a = rs/np.maximum((p*Ap).sum(1), 1e-20)
            x = x + a[:,None]*p; res = res - a[:,None]*Ap
            rs2 = (res*res).sum(1); p = res + (rs2/np.maximum(rs,1e-20))[:,None]*p; rs = rs2
        return x
    for e in range(epochs):
        P = step(P, Q, Ru, reg_u)
        Q = step(Q, P, Rm, reg_m)
    return P, Q
exec(open('/tmp/ials/common.py').read())
pop = np.bincount(m[train_idx], minlength=M).astype(float)
print('pop test', evaluate(np.tile(pop,(U,1)), train_idx, test_idx))
popv = np.bincount(m[fit_idx], minlength=M).astype(float)
print('pop val', evaluate(np.tile(popv,(U,1)), fit_idx, val_idx))
for a in sys.argv[1:]:
    cfg = eval(a); t=time.time()
    P,Q = ials_cg(fit_idx, **cfg); v = evaluate(P@Q.T, fit_idx, val_idx)
    tv=time.time()-t
    P,Q = ials_cg(train_idx, **cfg); te = evaluate(P@Q.T, train_idx, test_idx)
    print(a, f'{tv:.1f}s', 'val ndcg %.4f' % v[2], 'test p %.4f r %.4f ndcg %.4f' % te, flush=True)
