// The generated code of the integration programs under AddressSanitizer and
// LeakSanitizer: each program (kernel + checking main from gen_cpu_test.py)
// is lowered with microscale-cpu-pipeline, built with clang -fsanitize=address
// around a C++ harness (Inputs/run_sanitized.py, Inputs/sanitized_main.cpp)
// and run. A read or write outside a buffer, a use after free or a buffer
// not freed fails the run; the results are checked as in the other tests.
// Every kernel family: quantize (each element format, both rules, NVFP4 with
// NaN/Inf blocks, swizzled scales, bf16/f16 inputs), dequantize,
// requantize, and each matmul path (fused few-row decode, 4x4 register
// tiles, MXFP8 decode, the f32 and bf16 panel GEMMs, int8 dot products, the
// general path), with odd shapes and dynamic M.
// REQUIRES: asan
// DEFINE: %{gen} = %python %S/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{run} = mx-opt --microscale-cpu-pipeline | %python %S/Inputs/run_sanitized.py --clang %clangxx --mlir-translate mlir-translate --lib-dir %llvm_lib_dir | FileCheck %s

// quantize
// RUN: %{gen} --op quantize --scheme mxfp4 --shape 3x96 --dynamic | %{run} --check-prefix=Q
// RUN: %{gen} --op quantize --scheme mxfp6_e3m2 --rule rceil --shape 5x64 | %{run} --check-prefix=Q
// RUN: %{gen} --op quantize --scheme mxfp8_e4m3 --input-type bf16 --shape 2x128 | %{run} --check-prefix=Q
// RUN: %{gen} --op quantize --scheme mxint8 --input-type f16 --shape 7x32 --dynamic | %{run} --check-prefix=Q
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 3x64 --nonfinite | %{run} --check-prefix=Q
// RUN: %{gen} --op quantize --scheme nvfp4 --layout swizzled --shape 5x64 | %{run} --check-prefix=Q
// Q: data mismatches: 0{{$}}
// Q: scale mismatches: 0{{$}}

// dequantize
// RUN: %{gen} --op dequantize --scheme mxfp4 --shape 3x64 --result-type bf16 | %{run} --check-prefix=DQ
// RUN: %{gen} --op dequantize --scheme nvfp4 --shape 5x48 --dynamic --result-type f16 | %{run} --check-prefix=DQ
// RUN: %{gen} --op dequantize --scheme mxfp6_e2m3 --shape 2x96 | %{run} --check-prefix=DQ
// DQ: value mismatches: 0{{$}}

// requantize
// RUN: %{gen} --op requantize --src mxfp4 --scheme mxint8 --shape 3x64 --dynamic | %{run} --check-prefix=Q
// RUN: %{gen} --op requantize --src nvfp4 --scheme mxfp8_e5m2 --shape 5x32 --random-codes | %{run} --check-prefix=Q

// matmul: fused few-row decode (GEMV), 4x4 register tiles, MXFP8 decode
// RUN: %{gen} --op matmul --a f32 --b mxfp4 --shape 1x64x2048 | %{run} --check-prefix=MM
// RUN: %{gen} --op matmul --a f32 --b mxfp4 --shape 8x33x1024 --acc | %{run} --check-prefix=MM
// RUN: %{gen} --op matmul --a f32 --b mxfp8_e4m3 --shape 1x17x1024 | %{run} --check-prefix=MM
// RUN: %{gen} --op matmul --a f32 --b nvfp4 --shape 3x5x256 --dynamic | %{run} --check-prefix=MM
// panel GEMMs (f32 and bf16) and int8 dot products
// RUN: %{gen} --op matmul --a f32 --b nvfp4 --shape 64x13x512 --acc | %{run} --check-prefix=MM
// RUN: %{gen} --op matmul --a bf16 --b mxfp4 --shape 67x19x256 | %{run} --check-prefix=MM
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 67x40x256 --acc | %{run} --check-prefix=MM
// RUN: %{gen} --op matmul --a mxint8 --b mxfp6_e2m3 --shape 9x17x128 --dynamic | %{run} --check-prefix=MM
// the general path: f16 activations, FP6 weights, the quantized operand left
// RUN: %{gen} --op matmul --a f16 --b mxfp6_e3m2 --shape 5x7x64 | %{run} --check-prefix=MM
// RUN: %{gen} --op matmul --a nvfp4 --b f32 --shape 3x9x64 --dynamic --acc | %{run} --check-prefix=MM
// MM: bound violations: 0{{$}}
