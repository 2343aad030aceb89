// The checking harness itself: with --corrupt the generator spoils exactly one
// expected value of each output (one bit of a byte, a scale, the global, an f32
// value, or one matmul reference pushed past its bound), so every comparison
// must report exactly one mismatch. This keeps the other tests from passing
// because a comparison never looked at anything.
// DEFINE: %{gen} = %python %S/Inputs/gen_cpu_test.py --corrupt
// DEFINE: %{run} = mx-opt --microscale-cpu-pipeline | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%openmp_runtime

// RUN: %{gen} --op quantize --scheme nvfp4 --shape 3x64 --nonfinite | %{run} | FileCheck %s --check-prefix=QNV
// QNV: first mismatch at
// QNV: data mismatches: 1{{$}}
// QNV: first mismatch at
// QNV: scale mismatches: 1{{$}}
// QNV: global mismatches: 1{{$}}

// RUN: %{gen} --op quantize --scheme mxfp6_e3m2 --rule rceil --shape 3x64 | %{run} | FileCheck %s --check-prefix=QMX
// RUN: %{gen} --op requantize --src mxfp4 --scheme mxint8 --shape 3x64 --dynamic | %{run} | FileCheck %s --check-prefix=QMX
// QMX: data mismatches: 1{{$}}
// QMX: scale mismatches: 1{{$}}

// RUN: %{gen} --op dequantize --scheme mxfp8_e5m2 --shape 3x64 | %{run} | FileCheck %s --check-prefix=DQ
// RUN: %{gen} --op dequantize --scheme nvfp4 --shape 3x64 --result-type f16 | %{run} | FileCheck %s --check-prefix=DQ
// DQ: first mismatch at
// DQ: value mismatches: 1{{$}}

// RUN: %{gen} --op matmul --a bf16 --b mxfp4 --shape 3x8x64 --acc | %{run} | FileCheck %s --check-prefix=MM
// MM: first violation at
// MM: bound violations: 1{{$}}
