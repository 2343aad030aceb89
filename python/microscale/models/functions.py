"""The elementwise and normalization functions of a BERT layer, in NumPy float32.

NumPy has no erf, and the exact GELU (BERT's ``hidden_act: gelu``) needs
one: :func:`erf` interpolates a table of exact values (``math.erf``) with
cubic Hermite polynomials whose slopes are the exact derivative
2/sqrt(pi) exp(-x^2), so the interpolation error (below 1e-9 at 64 knots per
unit) stays under float32 rounding.
"""

import math

import numpy as np

_KNOTS_PER_UNIT = 64
_ERF_END = 6.0  # erf(6) is 1 to within 3e-17: beyond it erf is +-1 in any float


def _erf_coefficients():
    """c0..c3 of the cubic on each knot interval, in t = position within it."""
    x = np.arange(int(_ERF_END * _KNOTS_PER_UNIT) + 2, dtype=np.float64) / _KNOTS_PER_UNIT
    y = np.array([math.erf(v) for v in x])
    d = 2.0 / math.sqrt(math.pi) * np.exp(-x * x) / _KNOTS_PER_UNIT  # slope per knot step
    y0, y1, d0, d1 = y[:-1], y[1:], d[:-1], d[1:]
    # Cubic Hermite: y0 + t d0 + t^2 (3 dy - 2 d0 - d1) + t^3 (d0 + d1 - 2 dy).
    dy = y1 - y0
    return tuple(c.astype(np.float32) for c in (y0, d0, 3 * dy - 2 * d0 - d1, d0 + d1 - 2 * dy))


_C0, _C1, _C2, _C3 = _erf_coefficients()


def erf(x):
    """The error function of a float32 array (absolute error a few float32 ulps)."""
    x = np.asarray(x, dtype=np.float32)
    t = np.abs(x)
    np.minimum(t, np.float32(_ERF_END), out=t)
    t *= np.float32(_KNOTS_PER_UNIT)
    i = t.astype(np.int32)
    i[i == len(_C0)] -= 1  # |x| >= 6 evaluates the last cubic at t = 1: erf(6)
    t -= i
    y = _C3[i]  # Horner in place: large temporaries cost more than the arithmetic
    y *= t
    y += _C2[i]
    y *= t
    y += _C1[i]
    y *= t
    y += _C0[i]
    return np.copysign(y, x, out=y)


def gelu(x):
    """The exact GELU, x * (1 + erf(x / sqrt(2))) / 2, in float32."""
    y = erf(x * np.float32(1.0 / math.sqrt(2.0)))
    y += np.float32(1.0)
    y *= x
    y *= np.float32(0.5)
    return y


def layer_norm(x, weight, bias, eps):
    """LayerNorm over the last axis (biased variance, as torch.nn.LayerNorm)."""
    mean = x.mean(axis=-1, keepdims=True)
    centered = x - mean
    var = np.mean(centered * centered, axis=-1, keepdims=True)
    return centered / np.sqrt(var + np.float32(eps)) * weight + bias


def softmax(x):
    """Softmax over the last axis; -inf entries get probability 0."""
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
