#!/usr/bin/python3
"""Supervised ceilings for LocalRank's ranking targets (analysis only; see eval-ceiling.ts).

Usage: node --import tsx scripts/eval-ceiling.ts && /usr/bin/python3 scripts/eval-ceiling.py [DIR]

DIR defaults to .cache/eval/ceiling. Needs Debian's python3-torch (1.13). About 45 minutes on two
shared cores (full-batch L-BFGS); the dump before it about 40 s.

Every model here is TRAINED with labels, which a zero-shot ranker never sees, so each line is an
upper bound for what a zero-shot method on the same inputs could reach:

  feat    a re-weighting of LocalRank's own z-scored features (the best linear mix of them)
  pers    a learned bilinear metric on the frozen USE-lite vectors: candidate x user mean vector
          (diagonal + rank-32) and candidate x latest history item (diagonal)
  prior   a non-personal item prior: a linear score of the candidate vector alone, i.e. "what
          kind of item gets chosen" (a popularity stand-in that no user's history reveals)

amazon-games and movielens-100k train on the valid split (second-to-last targets) and report on
test, like the ranker's tuning; MIND's valid file has only 79 impressions, so MIND is
cross-fitted between its two test files (train on one, score the other) and says so.
"""
import json
import sys
import numpy as np
import torch

torch.manual_seed(0)
torch.set_num_threads(2)
DIR = sys.argv[1] if len(sys.argv) > 1 else '.cache/eval/ceiling'


def load(split):
    meta = json.load(open(f'{DIR}/{split}.json'))
    D, F = meta['dims'], len(meta['features'])
    C = np.fromfile(f'{DIR}/{split}-C.f32', np.float32).reshape(-1, D)
    Z = np.fromfile(f'{DIR}/{split}-Z.f32', np.float32).reshape(-1, F)
    H = np.fromfile(f'{DIR}/{split}-H.f32', np.float32).reshape(-1, 2, D)
    groups, off = {}, 0
    for t, m in enumerate(meta['lists']):
        n = len(m['labels'])
        groups.setdefault(f"{m['ds']}:{m['setting']}", []).append((off, n, t, m))
        off += n
    out = {}
    for key, lists in groups.items():
        N, n = len(lists), max(x[1] for x in lists)
        b = {k: np.zeros(s, np.float32) for k, s in [('C', (N, n, D)), ('Z', (N, n, F)), ('Y', (N, n)), ('S', (N, n))]}
        M = np.zeros((N, n), bool)
        for i, (o, k, t, m) in enumerate(lists):
            b['C'][i, :k], b['Z'][i, :k], b['Y'][i, :k], b['S'][i, :k], M[i, :k] = C[o:o + k], Z[o:o + k], m['labels'], m['seen'], True
        idx = [x[2] for x in lists]
        out[key] = {**{k: torch.tensor(v) for k, v in b.items()}, 'M': torch.tensor(M), 'Hm': torch.tensor(H[idx, 0]), 'Hl': torch.tensor(H[idx, 1]),
                    'file': np.array([x[3]['file'] for x in lists]), 'group': np.array([x[3]['group'] for x in lists])}
    return out, torch.tensor(meta['weights'], dtype=torch.float32)


def subset(b, mask):
    m = torch.tensor(mask)
    return {k: (v[m] if torch.is_tensor(v) else v[mask]) for k, v in b.items()}


class Model(torch.nn.Module):
    def __init__(self, parts, w0, dims, rank=32):
        super().__init__()
        self.parts = parts
        self.w = torch.nn.Parameter(w0.clone())
        self.d = torch.nn.Parameter(torch.zeros(dims))
        self.d2 = torch.nn.Parameter(torch.zeros(dims))
        self.U = torch.nn.Parameter(torch.randn(dims, rank) * 0.01)
        self.V = torch.nn.Parameter(torch.randn(dims, rank) * 0.01)
        self.p = torch.nn.Parameter(torch.zeros(dims))

    def forward(self, b):
        s = torch.zeros(b['Y'].shape)
        if 'feat' in self.parts:
            s = s + b['Z'] @ self.w
        if 'pers' in self.parts:
            s = s + torch.einsum('nid,nd->ni', b['C'], b['Hm'] * self.d) + torch.einsum('nid,nd->ni', b['C'], b['Hl'] * self.d2)
            s = s + torch.einsum('nir,nr->ni', b['C'] @ self.U, b['Hm'] @ self.V)
        if 'prior' in self.parts:
            s = s + b['C'] @ self.p
        return s


def train(b, parts, w0, l2=1e-3, steps=60):
    m = Model(parts, w0, b['C'].shape[2])
    opt = torch.optim.LBFGS(m.parameters(), max_iter=steps, line_search_fn='strong_wolfe')

    def closure():
        opt.zero_grad()
        s = m(b).masked_fill(~b['M'], -1e9)
        target = b['Y'] / b['Y'].sum(1, keepdim=True)
        loss = -(target * torch.log_softmax(s, 1)).sum(1).mean()
        loss = loss + l2 * sum((p ** 2).sum() for name, p in m.named_parameters() if name != 'w')
        loss.backward()
        return loss
    opt.step(closure)
    return m


def metrics(m, b):
    """NDCG@10 and AUC as the ranker computes them: z-scored score, seen items 3 sd down."""
    with torch.no_grad():
        s = m(b).masked_fill(~b['M'], float('nan'))
        mu = torch.nanmean(s, 1, keepdim=True)
        sd = torch.sqrt(torch.nanmean((s - mu) ** 2, 1, keepdim=True)).clamp_min(1e-9)
        s = ((s - mu) / sd - 3 * b['S']).masked_fill(~b['M'], -1e9).numpy()
    Y, M = b['Y'].numpy(), b['M'].numpy()
    i = np.arange(Y.shape[1])
    higher = (s[:, None, :] > s[:, :, None]) | ((s[:, None, :] == s[:, :, None]) & (i[None, None, :] < i[None, :, None]))
    rank = higher.sum(2)
    gain = np.where((Y > 0) & (rank < 10), 1 / np.log2(rank + 2), 0).sum(1)
    ideal = np.array([sum(1 / np.log2(k + 2) for k in range(int(min(10, p)))) for p in Y.sum(1)])
    pos, neg = (Y > 0) & M, (Y == 0) & M
    auc = ((s[:, :, None] > s[:, None, :]) & pos[:, :, None] & neg[:, None, :]).sum((1, 2)) / (pos.sum(1) * neg.sum(1))
    return float((gain / ideal).mean()), float(auc.mean())


def fmt(r):
    return f'NDCG@10 {r[0]:.4f}  AUC {r[1]:.4f}'


CONFIGS = [('feat',), ('pers',), ('feat', 'pers'), ('prior',)]
valid, w0 = load('valid')
test, _ = load('test')
print('trained on the valid split, scored on test (zero-shot LocalRank first)', flush=True)
for key in ['amazon-games:random', 'amazon-games:sasrec-unowned', 'movielens-100k:main']:
    print(f'{key}\n  zero-shot LocalRank        {fmt(metrics(Model(("feat",), w0, 1), test[key]))}', flush=True)
    for parts in CONFIGS:
        m = train(valid[key], parts, w0)
        extra = ''
        if key.endswith('unowned'):
            g = test[key]['group']
            extra = '  | in-list ' + fmt(metrics(m, subset(test[key], g == 'in-list'))) + '  added ' + fmt(metrics(m, subset(test[key], g == 'added')))
        print(f'  trained [{"+".join(parts):<9}]        {fmt(metrics(m, test[key]))}{extra}', flush=True)
key = 'mind-recprompt:main'
T = test[key]
print(f'{key} (cross-fitted between its two test files)\n  zero-shot LocalRank        {fmt(metrics(Model(("feat",), w0, 1), T))}', flush=True)
for parts in CONFIGS:
    scored = []
    for f in sorted(set(T['file'])):
        m = train(subset(T, T['file'] != f), parts, w0)
        ev = subset(T, T['file'] == f)
        scored.append((metrics(m, ev), len(ev['Y'])))
    total = sum(n for _, n in scored)
    print(f'  trained [{"+".join(parts):<9}]        ' + fmt([sum(r[k] * n for r, n in scored) / total for k in (0, 1)]), flush=True)
