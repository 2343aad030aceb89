// The GPU quantize, dequantize and requantize kernels checked without a GPU:
// --test-microscale-gpu-emulation-pipeline runs each kernel's threads
// as sequential host loops (test-microscale-emulate-gpu-on-host; exact for these
// kernels, whose threads do not communicate) on the very IR the chip would
// get, so the kernels' bit-exactness is tested on every machine. The programs
// come from test/Integration/CPU/Inputs/gen_cpu_test.py (NumPy reference,
// cross-checked against the C++ numerics core), as in ../Kernels, which runs
// them on a real GPU.
// DEFINE: %{gen} = %python %S/../../CPU/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{run} = mx-opt --test-microscale-gpu-emulation-pipeline="chip=sm_90a" | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | FileCheck %s

// quantize: every scheme, both rules, odd M with every numerics edge case,
// M = 1, bf16 / f16 inputs, dynamic M, swizzled scales; NVFP4's computed (atomic
// max) and given globals, NaN / Inf blocks, encode scales clamped to FLT_MAX
// (a tiny tensor, a subnormal global).
// RUN: %{gen} --op quantize --scheme mxfp8_e4m3 --rule floor --shape 13x1024 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp8_e5m2 --rule rceil --shape 13x1024 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp6_e2m3 --rule rceil --shape 5x2048 --input-type bf16 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp6_e3m2 --rule floor --shape 13x1024 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp4 --rule floor --shape 13x1024 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp4 --rule rceil --shape 1x32 | %{run}
// RUN: %{gen} --op quantize --scheme mxint8 --rule rceil --shape 13x1024 | %{run}
// RUN: %{gen} --op quantize --scheme mxint8 --shape 3x256 --input-type f16 --dynamic | %{run}
// RUN: %{gen} --op quantize --scheme mxfp4 --rule rceil --shape 130x64 --layout swizzled | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 13x1024 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 1x16 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 9x512 --nonfinite | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 13x512 --global 0.0078125 --input-type bf16 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 130x64 --layout swizzled | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 5x512 --tensor-amax 1e-38 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 5x512 --global 1e-45 | %{run}

// dequantize: random storage bytes, every code, to f32, bf16 and f16.
// RUN: %{gen} --op dequantize --scheme mxfp8_e4m3 --shape 13x512 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp8_e5m2 --shape 3x256 --result-type f16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp6_e2m3 --shape 1x32 --result-type bf16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp6_e3m2 --shape 13x512 --dynamic | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp4 --shape 13x512 --result-type bf16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxint8 --shape 3x256 | %{run}
// RUN: %{gen} --op dequantize --scheme nvfp4 --shape 13x512 --result-type f16 | %{run}

// requantize: block sizes 32 -> 16 and 16 -> 32, random source codes.
// RUN: %{gen} --op requantize --src mxfp8_e4m3 --scheme nvfp4 --shape 13x256 | %{run}
// RUN: %{gen} --op requantize --src nvfp4 --scheme mxfp6_e2m3 --shape 3x64 | %{run}
// RUN: %{gen} --op requantize --src mxint8 --scheme mxfp4 --rule rceil --shape 5x256 --random-codes --dynamic | %{run}

// CHECK-NOT: mismatches: {{[1-9-]}}
// CHECK: mismatches: 0{{$}}
// CHECK-NOT: mismatches: {{[1-9-]}}
