"""How close one set of sentence embeddings is to another (the f32 model's).

All take float32 [n, d] arrays of unit-norm rows, the reference second, and
compute in float64.
"""

import numpy as np


def cosines(embeddings, reference):
    """Cosine similarity of each row to the same row of the reference, [n]."""
    a = np.asarray(embeddings, np.float64)
    b = np.asarray(reference, np.float64)
    return (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def ranks(x):
    """Ranks 1..n of a 1-D array, ties sharing their average rank."""
    x = np.asarray(x)
    order = np.argsort(x, kind="stable")
    sorted_x = x[order]
    # Each run of equal values gets the mean of the ranks it spans.
    starts = np.flatnonzero(np.r_[True, sorted_x[1:] != sorted_x[:-1]])
    ends = np.r_[starts[1:], len(x)]
    mean_rank = (starts + ends + 1) / 2.0
    out = np.empty(len(x))
    out[order] = np.repeat(mean_rank, ends - starts)
    return out


def spearman(x, y):
    """Spearman's rank correlation of two 1-D arrays (Pearson's of their ranks)."""
    rx, ry = ranks(x), ranks(y)
    rx -= rx.mean()
    ry -= ry.mean()
    return float((rx * ry).sum() / np.sqrt((rx * rx).sum() * (ry * ry).sum()))


def similarity_spearman(embeddings, reference):
    """Spearman correlation of the pairwise cosine similarities (the upper
    triangle of E E^T) with the reference's."""
    upper = np.triu_indices(len(reference), k=1)
    sim = np.asarray(embeddings, np.float64) @ np.asarray(embeddings, np.float64).T
    ref = np.asarray(reference, np.float64) @ np.asarray(reference, np.float64).T
    return spearman(sim[upper], ref[upper])


def nearest(embeddings):
    """Each row's nearest other row by cosine similarity, [n]."""
    e = np.asarray(embeddings, np.float64)
    sim = e @ e.T
    np.fill_diagonal(sim, -np.inf)
    return sim.argmax(axis=1)


def top1_agreement(embeddings, reference):
    """Fraction of sentences whose nearest other sentence is the reference's."""
    return float(np.mean(nearest(embeddings) == nearest(reference)))


def pair_retrieval(embeddings, first, second):
    """Fraction of related pairs (first[i], second[i]) where the second is the
    first's nearest other sentence: how well the model itself retrieves."""
    return float(np.mean(nearest(embeddings)[first] == second))
