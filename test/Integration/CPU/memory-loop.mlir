// A layer called in a loop frees what it allocates: each iteration quantizes
// a 1024x1024 weight to MXFP4 and to NVFP4, multiplies by both and feeds the
// result to the next iteration (scf.for iter_args). The same program lowered
// with 1 and with 3000 iterations must peak at the same resident size
// (peak_rss.py reads it from the kernel; nothing is timed). Before the
// pipelines deallocated, the loop peaked at 3.6 GB.
// RUN: sed -e 's/ITERATIONS/1/' %s | mx-opt --microscale-cpu-pipeline > %t.once.mlir
// RUN: sed -e 's/ITERATIONS/3000/' %s | mx-opt --microscale-cpu-pipeline > %t.loop.mlir
// RUN: %python %S/Inputs/peak_rss.py --once %t.once.mlir --loop %t.loop.mlir \
// RUN:   --max-mib 400 --max-growth-mib 16 -- \
// RUN:   mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%openmp_runtime | FileCheck %s

// CHECK: peak RSS: once {{.*}} MiB, loop {{.*}} MiB, growth
// CHECK-NOT: peak_rss:

func.func @layer(%x: tensor<8x1024xf32>, %w: tensor<1024x1024xf32>) -> tensor<8x1024xf32> {
  %q4 = microscale.quantize %w : tensor<1024x1024xf32> -> !microscale.tensor<1024x1024, mxfp4>
  %n4 = microscale.quantize %w : tensor<1024x1024xf32> -> !microscale.tensor<1024x1024, nvfp4>
  %y4 = microscale.matmul %x, %q4 : tensor<8x1024xf32>, !microscale.tensor<1024x1024, mxfp4> -> tensor<8x1024xf32>
  %y = microscale.matmul %x, %n4 acc %y4 : tensor<8x1024xf32>, !microscale.tensor<1024x1024, nvfp4>, tensor<8x1024xf32> -> tensor<8x1024xf32>
  return %y : tensor<8x1024xf32>
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %iterations = arith.constant ITERATIONS : index
  %w = tensor.generate {
  ^bb0(%i: index, %j: index):
    %s = arith.addi %i, %j : index
    %si = arith.index_cast %s : index to i32
    %f = arith.sitofp %si : i32 to f32
    %v = math.sin %f : f32
    %small = arith.constant 0.0005 : f32
    %ws = arith.mulf %v, %small : f32
    tensor.yield %ws : f32
  } : tensor<1024x1024xf32>
  %x0 = arith.constant dense<1.0> : tensor<8x1024xf32>
  %y = scf.for %i = %c0 to %iterations step %c1 iter_args(%x = %x0) -> (tensor<8x1024xf32>) {
    %next = func.call @layer(%x, %w) : (tensor<8x1024xf32>, tensor<1024x1024xf32>) -> tensor<8x1024xf32>
    scf.yield %next : tensor<8x1024xf32>
  }
  %e = tensor.extract %y[%c0, %c0] : tensor<8x1024xf32>
  vector.print %e : f32
  return
}
