// Independent work in scf.parallel loops, which microscale-cpu-pipeline runs
// on OpenMP threads; parallel=false keeps every loop an scf.for.
// RUN: mx-opt %s -convert-microscale-to-cpu="cpu=sapphirerapids" -canonicalize -split-input-file | FileCheck %s
// RUN: mx-opt %s -convert-microscale-to-cpu="cpu=sapphirerapids parallel=false" -canonicalize -split-input-file | FileCheck %s --check-prefix=SERIAL
// RUN: mx-opt %s --microscale-cpu-pipeline="cpu=sapphirerapids" -split-input-file | FileCheck %s --check-prefix=OMP
// RUN: mx-opt %s --microscale-cpu-pipeline="cpu=sapphirerapids parallel=false" -split-input-file | FileCheck %s --check-prefix=NO-OMP

// A GEMV splits N, never M: whole groups of four weight rows concurrently,
// the rest in order.
// CHECK-LABEL: func.func @gemv
// CHECK: scf.parallel (%{{.*}}) = (%c0) to (%c4096) step (%c4)
// CHECK: vector.fma
// CHECK: scf.reduce
// SERIAL-LABEL: func.func @gemv
// SERIAL-NOT: scf.parallel
// OMP-LABEL: llvm.func @gemv
// OMP: omp.parallel
// OMP: omp.wsloop schedule(runtime)
// OMP: omp.loop_nest
// NO-OMP-LABEL: llvm.func @gemv
// NO-OMP-NOT: omp.
func.func @gemv(%x: tensor<1x4096xf32>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<1x4096xf32> {
  %c = microscale.matmul %x, %w : tensor<1x4096xf32>, !microscale.tensor<4096x4096, mxfp4> -> tensor<1x4096xf32>
  return %c : tensor<1x4096xf32>
}

// -----

// Groups of weight rows decoded into a panel each: every iteration has its
// own panel on its thread's stack, released when the iteration ends.
// CHECK-LABEL: func.func @eight_rows_mxfp8
// CHECK: scf.parallel
// CHECK-NEXT: memref.alloca() {alignment = 64 : i64} : memref<16512xf32>
// SERIAL-LABEL: func.func @eight_rows_mxfp8
// SERIAL: scf.for
// SERIAL-NEXT: memref.alloca() {alignment = 64 : i64} : memref<16512xf32>
// The pipeline keeps each iteration's stack in bounds.
// OMP-LABEL: llvm.func @eight_rows_mxfp8
// OMP: omp.loop_nest
// OMP: llvm.intr.stacksave
// OMP: llvm.alloca
// OMP: llvm.intr.stackrestore
// NO-OMP-LABEL: llvm.func @eight_rows_mxfp8
// NO-OMP: llvm.intr.stacksave
// NO-OMP: llvm.alloca
// NO-OMP: llvm.intr.stackrestore
func.func @eight_rows_mxfp8(%x: tensor<8x4096xf32>, %w: !microscale.tensor<4096x4096, mxfp8_e4m3>) -> tensor<8x4096xf32> {
  %c = microscale.matmul %x, %w : tensor<8x4096xf32>, !microscale.tensor<4096x4096, mxfp8_e4m3> -> tensor<8x4096xf32>
  return %c : tensor<8x4096xf32>
}

// -----

// Rows of quantize, dequantize and requantize.
// CHECK-LABEL: func.func @quantize
// CHECK: scf.parallel (%{{.*}}) = (%c0) to (%c64) step (%c1)
// SERIAL-LABEL: func.func @quantize
// SERIAL-NOT: scf.parallel
func.func @quantize(%x: tensor<64x256xf32>) -> !microscale.tensor<64x256, mxfp4> {
  %q = microscale.quantize %x : tensor<64x256xf32> -> !microscale.tensor<64x256, mxfp4>
  return %q : !microscale.tensor<64x256, mxfp4>
}

// -----

// CHECK-LABEL: func.func @dequantize
// CHECK: scf.parallel (%{{.*}}) = (%c0) to (%c64) step (%c1)
func.func @dequantize(%q: !microscale.tensor<64x256, nvfp4>) -> tensor<64x256xf32> {
  %x = microscale.dequantize %q : !microscale.tensor<64x256, nvfp4> -> tensor<64x256xf32>
  return %x : tensor<64x256xf32>
}
