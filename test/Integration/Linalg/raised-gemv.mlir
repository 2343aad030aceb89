// An upstream MXFP4 matmul (scaling_extf dequantization + linalg.matmul,
// E2M1 codes one per byte, signs included, dynamic rows) raised and
// compiled by microscale-cpu-pipeline, whose kernels read the codes in
// place of packed storage and pack them in registers, gives what upstream
// passes alone compute from the same program.
// RUN: mx-opt %s --raise-to-microscale --microscale-cpu-pipeline | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%openmp_runtime | FileCheck %s
// RUN: mx-opt %s --raise-to-microscale --microscale-cpu-pipeline="features=none vector-bits=128" | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%openmp_runtime | FileCheck %s
// RUN: %upstream_to_llvm %s | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | FileCheck %s
// The raise does replace the upstream matmul, and the CPU lowering reads
// the codes through their pointer, no packed copy left (also after the
// pipeline's canonicalization hoisted the packing's constants).
// RUN: mx-opt %s --raise-to-microscale | FileCheck %s --check-prefix=RAISED
// RUN: mx-opt %s --raise-to-microscale --canonicalize --convert-microscale-to-cpu="features=avx512f vector-bits=512" --canonicalize | FileCheck %s --check-prefix=PACKED

// RAISED-LABEL: func.func @mm
// RAISED: microscale.matmul
// RAISED-NOT: linalg.matmul

// PACKED-LABEL: func.func @mm
// PACKED-NOT: linalg.generic
// PACKED: llvm.load %{{.*}} {alignment = 1 : i64} : !llvm.ptr -> vector<16xi16>
// PACKED-NOT: linalg.generic
// PACKED: return

// CHECK: -7.3125
// CHECK-NEXT: 6.125
// CHECK-NEXT: -13.3125
// CHECK-NEXT: -14.625
// CHECK-NEXT: 12.25
// CHECK-NEXT: -26.625

#id = affine_map<(n, k) -> (n, k)>
#blk32 = affine_map<(n, k) -> (n, k floordiv 32)>
#mm_a = affine_map<(m, n, k) -> (m, k)>
#mm_b = affine_map<(m, n, k) -> (n, k)>
#mm_c = affine_map<(m, n, k) -> (m, n)>

func.func @mm(%x: tensor<?x96xf32>, %w: tensor<3x96xf4E2M1FN>, %s: tensor<3x3xf8E8M0FNU>) -> tensor<?x3xf32> {
  %e = tensor.empty() : tensor<3x96xf32>
  %wd = linalg.generic {indexing_maps = [#id, #blk32, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<3x96xf4E2M1FN>, tensor<3x3xf8E8M0FNU>) outs(%e : tensor<3x96xf32>) {
    ^bb0(%q: f4E2M1FN, %sc: f8E8M0FNU, %o: f32):
      %v = arith.scaling_extf %q, %sc : f4E2M1FN, f8E8M0FNU to f32
      linalg.yield %v : f32
  } -> tensor<3x96xf32>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %x, %c0 : tensor<?x96xf32>
  %zero = arith.constant 0.0 : f32
  %ce = tensor.empty(%m) : tensor<?x3xf32>
  %cz = linalg.fill ins(%zero : f32) outs(%ce : tensor<?x3xf32>) -> tensor<?x3xf32>
  %c = linalg.matmul indexing_maps = [#mm_a, #mm_b, #mm_c]
      ins(%x, %wd : tensor<?x96xf32>, tensor<3x96xf32>) outs(%cz : tensor<?x3xf32>) -> tensor<?x3xf32>
  return %c : tensor<?x3xf32>
}

func.func @main() {
  // W[n, k] = E2M1 code (7n + k) mod 16, block scales 2^((n + b) mod 4 - 1),
  // X[m, k] = (m + 1) ((k mod 5) - 2) / 4.
  %we = tensor.empty() : tensor<3x96xf4E2M1FN>
  %w = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]} outs(%we : tensor<3x96xf4E2M1FN>) {
  ^bb0(%o: f4E2M1FN):
    %n = linalg.index 0 : index
    %k = linalg.index 1 : index
    %c7 = arith.constant 7 : index
    %c16 = arith.constant 16 : index
    %n7 = arith.muli %n, %c7 : index
    %h = arith.addi %n7, %k : index
    %r = arith.remui %h, %c16 : index
    %ri = arith.index_cast %r : index to i4
    %v = arith.bitcast %ri : i4 to f4E2M1FN
    linalg.yield %v : f4E2M1FN
  } -> tensor<3x96xf4E2M1FN>
  %se = tensor.empty() : tensor<3x3xf8E8M0FNU>
  %s = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]} outs(%se : tensor<3x3xf8E8M0FNU>) {
  ^bb0(%o: f8E8M0FNU):
    %n = linalg.index 0 : index
    %b = linalg.index 1 : index
    %c4 = arith.constant 4 : index
    %nb = arith.addi %n, %b : index
    %r = arith.remui %nb, %c4 : index
    %ri = arith.index_cast %r : index to i8
    %c126 = arith.constant 126 : i8
    %code = arith.addi %ri, %c126 : i8
    %v = arith.bitcast %code : i8 to f8E8M0FNU
    linalg.yield %v : f8E8M0FNU
  } -> tensor<3x3xf8E8M0FNU>
  %xe = tensor.empty() : tensor<2x96xf32>
  %x0 = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]} outs(%xe : tensor<2x96xf32>) {
  ^bb0(%o: f32):
    %m = linalg.index 0 : index
    %k = linalg.index 1 : index
    %c1 = arith.constant 1 : index
    %c5 = arith.constant 5 : index
    %m1 = arith.addi %m, %c1 : index
    %r = arith.remui %k, %c5 : index
    %mi = arith.index_cast %m1 : index to i32
    %ri = arith.index_cast %r : index to i32
    %mf = arith.sitofp %mi : i32 to f32
    %rf = arith.sitofp %ri : i32 to f32
    %two = arith.constant 2.0 : f32
    %quarter = arith.constant 0.25 : f32
    %d = arith.subf %rf, %two : f32
    %p = arith.mulf %mf, %d : f32
    %v = arith.mulf %p, %quarter : f32
    linalg.yield %v : f32
  } -> tensor<2x96xf32>
  %x = tensor.cast %x0 : tensor<2x96xf32> to tensor<?x96xf32>
  %c = func.call @mm(%x, %w, %s) : (tensor<?x96xf32>, tensor<3x96xf4E2M1FN>, tensor<3x3xf8E8M0FNU>) -> tensor<?x3xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  scf.for %i = %c0 to %c2 step %c1 {
    scf.for %j = %c0 to %c3 step %c1 {
      %v = tensor.extract %c[%i, %j] : tensor<?x3xf32>
      vector.print %v : f32
    }
  }
  return
}
