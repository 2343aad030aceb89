"""ms.compile: pass pipelines over IR text, failures as CompileError with locations."""

import os
import subprocess
import sys

import pytest

import microscale as ms
from compiler_support import requires_compiler

pytestmark = requires_compiler

FOLDABLE = """\
func.func @f(%a: f32) -> f32 {
  %zero = arith.constant -0.0 : f32
  %b = arith.addf %a, %zero : f32
  %c = arith.mulf %b, %b : f32
  return %c : f32
}
"""

QUANTIZE = """\
func.func @q(%x: tensor<4x64xf32>) -> !microscale.tensor<4x64, mxfp4> {
  %q = microscale.quantize %x : tensor<4x64xf32> -> !microscale.tensor<4x64, mxfp4>
  return %q : !microscale.tensor<4x64, mxfp4>
}
"""


def test_round_trip_runs_the_pipeline():
    out = ms.compile(FOLDABLE, "canonicalize")
    assert "arith.mulf" in out
    assert "arith.addf" not in out and "arith.constant" not in out  # x + -0.0 is x
    again = ms.compile(out, "canonicalize")  # the printed IR parses back
    assert again == out


def test_anchored_and_plain_pipelines_agree():
    plain = ms.compile(QUANTIZE, "microscale-expose-storage,canonicalize")
    anchored = ms.compile(QUANTIZE, "builtin.module(microscale-expose-storage,canonicalize)")
    assert plain == anchored
    assert "tensor<4x32xi8>, tensor<4x2xf8E8M0FNU>" in plain


def test_cpu_pipeline_reaches_llvm():
    out = ms.compile(QUANTIZE, "microscale-cpu-pipeline")
    assert "llvm.func @q(" in out
    assert "microscale." not in out and "func.func" not in out


def test_gpu_pipeline_gives_ptx_for_the_chip():
    # format=isa needs no ptxas: LLVM's NVPTX back end writes the PTX.
    out = ms.compile(QUANTIZE, "microscale-gpu-pipeline{chip=sm_90a format=isa}")
    assert "gpu.binary @q_kernel" in out
    assert ".target sm_90a" in out and "microscale." not in out
    with pytest.raises(ms.CompileError, match="unsupported chip 'sm_70'"):
        ms.compile(QUANTIZE, "microscale-gpu-pipeline{chip=sm_70}")


def test_empty_pipeline_prints_the_input():
    assert "microscale.quantize" in ms.compile(QUANTIZE, "")


def test_parse_error_has_location():
    bad = "func.func @f(%a: f32) -> f32 {\n  %b = arith.addf %a, %a : f64\n  return %b : f32\n}\n"
    with pytest.raises(ms.CompileError) as info:
        ms.compile(bad, "canonicalize")
    message = str(info.value)
    assert "<input>:2:19: error:" in message
    assert "expects different type" in message


def test_verifier_error_has_location():
    bad = QUANTIZE.replace("mxfp4", "nvfp4").replace("%x :", "%x scale_rounding(rceil) :")
    with pytest.raises(ms.CompileError) as info:
        ms.compile(bad, "canonicalize")
    assert "<input>:2:8: error: 'microscale.quantize' op 'scale_rounding' applies to" in str(info.value)


def test_type_error_has_location():
    bad = QUANTIZE.replace("4x64", "4x48").replace("tensor<4x64xf32>", "tensor<4x48xf32>")
    with pytest.raises(ms.CompileError, match=r"<input>:1:\d+: error: the innermost dimension "
                                              r"\(48\) must be a positive multiple of the "
                                              r"block size \(32\)"):
        ms.compile(bad, "canonicalize")


def test_pass_failure_is_reported():
    with pytest.raises(ms.CompileError) as info:
        ms.compile(QUANTIZE, "microscale-cpu-pipeline{features=sse9}")
    message = str(info.value)
    assert message.startswith("the pass pipeline failed:")
    assert "<input>:0:0: error: unknown CPU feature in 'sse9'" in message
    assert "see current operation" not in message


def test_unknown_pass_is_a_compile_error():
    with pytest.raises(ms.CompileError, match="'no-such-pass' does not refer to a registered pass"):
        ms.compile(FOLDABLE, "canonicalize,no-such-pass")


def test_arguments_must_be_text():
    with pytest.raises(TypeError, match="ir must be a str"):
        ms.compile(b"module {}", "canonicalize")
    with pytest.raises(TypeError, match="pipeline must be a str"):
        ms.compile("module {}", None)


def test_process_holds_one_mlir():
    # Static MLIR in the extension only: a libMLIR.so beside it would register
    # LLVM's command-line options a second time, which aborts at load time.
    ms.compile(FOLDABLE, "canonicalize")
    with open("/proc/self/maps") as maps:
        assert "libMLIR.so" not in maps.read()


def test_first_use_from_many_threads():
    # The extension is loaded (initialized) once even when threads race to it.
    code = """if True:
        import threading
        import microscale as ms
        out = []
        def work():
            out.append(ms.compile("module {}", "canonicalize"))
        threads = [threading.Thread(target=work) for _ in range(8)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        assert len(out) == 8, out
    """
    done = subprocess.run([sys.executable, "-c", code], env=dict(os.environ),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "already registered" not in done.stderr
