"""Quantization quality: SNR of the formats on Gaussian and Laplace data.

A regression table, not a bit-exactness test: a change to the numerics that
keeps every format self-consistent but degrades (or implausibly improves) the
error shows up here. The expected SNRs were measured with the NumPy
reference on 256 x 4096 float32 matrices, seed 0; seeds 1-3 moved every
figure by less than 0.03 dB:

    data      scheme       rule    SNR (dB)
    gaussian  mxfp4        floor   18.79
    gaussian  mxfp4        rceil   18.76
    gaussian  nvfp4        -       20.44
    gaussian  mxfp8_e4m3   floor   30.64
    gaussian  mxfp8_e4m3   rceil   31.53
    laplace   mxfp4        floor   17.94
    laplace   mxfp4        rceil   17.59
    laplace   nvfp4        -       20.66
    laplace   mxfp8_e4m3   floor   29.97
    laplace   mxfp8_e4m3   rceil   31.55

The bounds are those figures +-1.5 dB.
"""

import numpy as np
import pytest

import microscale as ms

SHAPE = (256, 4096)
SEED = 0
MARGIN_DB = 1.5

# (data, scheme, scale rule) -> measured SNR in dB (see the module docstring).
MEASURED_SNR_DB = {
    ("gaussian", "mxfp4", "floor"): 18.79,
    ("gaussian", "mxfp4", "rceil"): 18.76,
    ("gaussian", "nvfp4", None): 20.44,
    ("gaussian", "mxfp8_e4m3", "floor"): 30.64,
    ("gaussian", "mxfp8_e4m3", "rceil"): 31.53,
    ("laplace", "mxfp4", "floor"): 17.94,
    ("laplace", "mxfp4", "rceil"): 17.59,
    ("laplace", "nvfp4", None): 20.66,
    ("laplace", "mxfp8_e4m3", "floor"): 29.97,
    ("laplace", "mxfp8_e4m3", "rceil"): 31.55,
}


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(SEED)
    return {
        "gaussian": rng.standard_normal(SHAPE).astype(np.float32),
        "laplace": rng.laplace(size=SHAPE).astype(np.float32),
    }


@pytest.fixture(scope="module")
def errors(data):
    """(data, scheme, rule) -> (sum of squared errors, sum of squares), in f64."""
    out = {}
    for dist, scheme, rule in MEASURED_SNR_DB:
        x = data[dist]
        q = ms.quantize(x, scheme, scale_rounding=rule)
        err = ms.dequantize(q).astype(np.float64) - x.astype(np.float64)
        assert np.all(np.isfinite(err))
        out[(dist, scheme, rule)] = (float(np.sum(err * err)),
                                     float(np.sum(np.square(x, dtype=np.float64))))
    return out


def snr_db(errors, dist, scheme, rule):
    noise, signal = errors[(dist, scheme, rule)]
    return 10.0 * np.log10(signal / noise)


@pytest.mark.parametrize("dist, scheme, rule", sorted(MEASURED_SNR_DB, key=str),
                         ids=lambda v: str(v))
def test_snr_in_expected_range(errors, dist, scheme, rule):
    expected = MEASURED_SNR_DB[(dist, scheme, rule)]
    got = snr_db(errors, dist, scheme, rule)
    assert expected - MARGIN_DB <= got <= expected + MARGIN_DB, (
        f"{scheme} ({rule}) on {dist} data: SNR {got:.2f} dB, "
        f"expected {expected:.2f} +- {MARGIN_DB} dB")


@pytest.mark.parametrize("dist", ["gaussian", "laplace"])
@pytest.mark.parametrize("rule", ["floor", "rceil"])
def test_nvfp4_has_lower_mse_than_mxfp4(errors, dist, rule):
    # Smaller blocks (16 vs 32) and a finer scale (UE4M3 vs a power of two)
    # must pay off on the same data (same element count, so the sums compare
    # like the means).
    nvfp4, _ = errors[(dist, "nvfp4", None)]
    mxfp4, _ = errors[(dist, "mxfp4", rule)]
    assert nvfp4 < mxfp4, f"{dist}: NVFP4 squared error {nvfp4:.6g} >= MXFP4 ({rule}) {mxfp4:.6g}"


@pytest.mark.parametrize("dist", ["gaussian", "laplace"])
def test_mxfp8_beats_fp4_by_a_wide_margin(errors, dist):
    # Two more mantissa bits: ~10-12 dB measured over NVFP4 and MXFP4.
    fp8 = snr_db(errors, dist, "mxfp8_e4m3", "floor")
    for scheme, rule in (("nvfp4", None), ("mxfp4", "floor")):
        assert fp8 > snr_db(errors, dist, scheme, rule) + 6.0, (dist, scheme)
