// The CPU target table: a row pinned by name gives the same kernels on any
// build machine, and the rows differ where the processors do. bf16
// activations take bf16 dot products on Zen (`vdpbf16ps` at the f32 FMA
// rate, twice the products) and are widened to f32 for FMAs on the Intel
// Sapphire Rapids family (`vdpbf16ps` at half that rate).
// RUN: mx-opt %s --test-microscale-cpu-kernel-selection="cpu=znver5" -o /dev/null 2>&1 | FileCheck %s --check-prefix=ZEN
// RUN: mx-opt %s --test-microscale-cpu-kernel-selection="cpu=znver4" -o /dev/null 2>&1 | FileCheck %s --check-prefix=ZEN
// RUN: mx-opt %s --test-microscale-cpu-kernel-selection="cpu=sapphirerapids" -o /dev/null 2>&1 | FileCheck %s --check-prefix=SPR
// RUN: mx-opt %s --test-microscale-cpu-kernel-selection="cpu=emeraldrapids" -o /dev/null 2>&1 | FileCheck %s --check-prefix=SPR
// RUN: mx-opt %s --test-microscale-cpu-kernel-selection="cpu=x86-64-v4" -o /dev/null 2>&1 | FileCheck %s --check-prefix=V4
// RUN: mx-opt %s --test-microscale-cpu-kernel-selection="cpu=x86-64-v3" -o /dev/null 2>&1 | FileCheck %s --check-prefix=V3
// A row's instruction sets can be narrowed; its tuning stays.
// RUN: mx-opt %s --test-microscale-cpu-kernel-selection="cpu=znver5 features=avx512f,avx512bw" -o /dev/null 2>&1 | FileCheck %s --check-prefix=ZEN-NARROW
// RUN: not mx-opt %s --test-microscale-cpu-kernel-selection="cpu=pentium4" -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not mx-opt %s --convert-microscale-to-cpu="cpu=pentium4" -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not mx-opt %s --microscale-cpu-pipeline="cpu=pentium4" -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD

// BAD: error: unknown CPU 'pentium4'; expected 'host' or one of znver5, znver4, sapphirerapids, emeraldrapids, graniterapids, x86-64-v4, x86-64-v3, generic

// ZEN: remark: kernel float-panel-gemm, weights table-lookup, K in lookup order, bf16 dot products
// SPR: remark: kernel float-panel-gemm, weights table-lookup, K in lookup order{{$}}
// V4: remark: kernel float-panel-gemm, weights table-lookup, K in lookup order{{$}}
// V3: remark: kernel panel-decode, weights arithmetic, K in element order{{$}}
// ZEN-NARROW: remark: kernel float-panel-gemm, weights table-lookup, K in lookup order{{$}}
func.func @many_rows_bf16(%x: tensor<?x4096xbf16>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<?x4096xf32> {
  %c = microscale.matmul %x, %w : tensor<?x4096xbf16>, !microscale.tensor<4096x4096, mxfp4> -> tensor<?x4096xf32>
  return %c : tensor<?x4096xf32>
}

// ZEN: remark: kernel panel-decode, weights table-lookup, K in lookup order, bf16 dot products
// SPR: remark: kernel panel-decode, weights table-lookup, K in lookup order{{$}}
func.func @eight_rows_bf16(%x: tensor<8x4096xbf16>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<8x4096xf32> {
  %c = microscale.matmul %x, %w : tensor<8x4096xbf16>, !microscale.tensor<4096x4096, mxfp4> -> tensor<8x4096xf32>
  return %c : tensor<8x4096xf32>
}

// Both operands MXFP4: exact int8 dot products wherever VNNI is (x86-64-v4
// does not include it).
// ZEN: remark: kernel int8-dot, K in element order
// SPR: remark: kernel int8-dot, K in element order
// V4: remark: kernel panel-decode, weights table-lookup, K in lookup order
// V3: remark: kernel panel-decode, weights arithmetic, K in element order
func.func @both_mxfp4(%x: !microscale.tensor<512x4096, mxfp4>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<512x4096xf32> {
  %c = microscale.matmul %x, %w : !microscale.tensor<512x4096, mxfp4>, !microscale.tensor<4096x4096, mxfp4> -> tensor<512x4096xf32>
  return %c : tensor<512x4096xf32>
}
