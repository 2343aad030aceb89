"""Custom element formats (sign + E exponent + M mantissa bits, bias, Inf/NaN
reservation) in the NumPy reference and the analysis, and the plot styles.

Decode tables are checked against ml_dtypes' formats of the same shape;
encoders against the named formats a custom name can spell, and by hand.
"""

import csv

import ml_dtypes
import numpy as np
import pytest

import microscale as ms
from microscale import analyze, quality
from microscale.formats import custom_format, decode_table


@pytest.mark.parametrize("name, dtype", [
    ("e2m1_b1", ml_dtypes.float4_e2m1fn),
    ("e2m3_b1", ml_dtypes.float6_e2m3fn),
    ("e3m2_b3", ml_dtypes.float6_e3m2fn),
    ("e3m4_inf", ml_dtypes.float8_e3m4),
    ("e4m3_inf", ml_dtypes.float8_e4m3),
    ("e5m2_inf", ml_dtypes.float8_e5m2),
])
def test_decode_tables_match_ml_dtypes(name, dtype):
    bits = custom_format(name).bits
    want = np.arange(1 << bits, dtype=np.uint8).view(dtype).astype(np.float32)
    np.testing.assert_array_equal(decode_table(name), want)


@pytest.mark.parametrize("custom, named", [("e2m1_b1", "e2m1"), ("e2m3", "e2m3"),
                                           ("e3m2_b3", "e3m2"), ("e5m2_inf", "e5m2")])
def test_custom_spellings_encode_as_the_named_formats(custom, named):
    rng = np.random.default_rng(7)
    x = np.concatenate([rng.standard_normal(20000) * 10.0 ** rng.integers(-8, 6, 20000),
                        [0.0, -0.0, np.inf, -np.inf, 1e38]]).astype(np.float32)
    np.testing.assert_array_equal(ms.encode(x, custom), ms.encode(x, named))


def test_rounding_and_saturation_by_hand():
    # E1M2, bias 0: 0, 0.5 .. 3.5 in steps of 0.5 (exponent field 0 is subnormal).
    x = np.float32([0.25, 0.75, 1.25, 3.74, 100, -np.inf, np.nan, -0.1])
    assert ms.encode(x, "e1m2").tolist() == [0, 2, 2, 7, 7, 15, 0, 8]
    # E4M3 with Inf/NaN: largest finite 240; NaN keeps its sign, Inf saturates.
    y = np.float32([np.nan, -np.nan, np.inf, -1e9, 240, 248])
    assert ms.encode(y, "e4m3_inf").tolist() == [0x7F, 0xFF, 0x77, 0xF7, 0x77, 0x77]
    # A 5-bit format: the sign is bit 4; a bias moves every value by a power of two.
    assert ms.encode(np.float32([-1.0]), "e2m2").tolist() == [0x14]
    np.testing.assert_array_equal(decode_table("e2m2_b2"), decode_table("e2m2") / 2)
    assert custom_format("e3m0").max_value == 16.0


@pytest.mark.parametrize("name, message", [
    ("e0m3", "E >= 1"), ("e4m4", "8 in all at most"), ("e3m0_inf", "M >= 1"),
    ("e2m1x", "not a custom format name")])
def test_bad_custom_formats(name, message):
    with pytest.raises(ValueError, match=message):
        custom_format(name)


def test_custom_formats_in_the_quality_metrics():
    x = np.random.default_rng(3).standard_normal((16, 128)).astype(np.float32)
    np.testing.assert_array_equal(quality.quantize_dequantize(x, "e2m1_b1", 32),
                                  quality.quantize_dequantize(x, "mxfp4", 32))
    np.testing.assert_array_equal(quality.quantize_dequantize(x, "e2m2_b5", 16),
                                  quality.quantize_dequantize(x, "e2m2", 16))
    assert quality.effective_bits("e2m2", x.size, 64) == 5 + 8 / 64
    with pytest.raises(ValueError, match="not a multiple of the block size"):
        quality.quantize_dequantize(x, "e1m2", 48)


def test_analyze_puts_custom_formats_beside_named_ones(tmp_path, capsys):
    out = tmp_path / "q.csv"
    assert analyze.main(["--random", "32x64", "--schemes", "mxfp4,e1m2,e2m2_b2,e3m0",
                         "--quiet", "--csv", str(out)]) == 0
    rows = list(csv.DictReader(out.open()))
    assert [r["scheme"] for r in rows] == ["mxfp4", "e1m2", "e2m2_b2", "e3m0"]
    snr = {r["scheme"]: float(r["snr_db"]) for r in rows}
    assert snr["e2m2_b2"] > snr["mxfp4"] > snr["e3m0"]  # 5 bits beat 4; E3M0 has no mantissa
    with pytest.raises(SystemExit):
        analyze.main(["--random", "8x8", "--schemes", "e9m1"])
    assert "8 in all at most" in capsys.readouterr().err


def test_every_plot_series_has_its_own_style():
    pytest.importorskip("matplotlib")
    from microscale._plots import series_styles
    keys = [(s, bs) for s in ("mxfp4", "nvfp4", "mxfp6_e2m3", "mxfp8_e4m3", "int4", "e1m2")
            for bs in (16, 64)]
    styles = series_styles(keys)
    looks = {(tuple(v["color"]), v["marker"], v["linestyle"]) for v in styles.values()}
    assert len(looks) == len(keys) == 12
    assert styles[("int4", 64)]["color"] != styles[("mxfp4", 16)]["color"]
    assert styles[("mxfp4", 16)]["marker"] != styles[("mxfp4", 64)]["marker"]
