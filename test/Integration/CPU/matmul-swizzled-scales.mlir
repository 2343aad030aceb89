// Weights whose block scales are stored swizzled (128x4 tiles) multiply
// exactly as the same weights with row-major scales: each kernel reads the
// scales through the layout's indexing. The weights are quantized both ways
// in the program, multiplied by one row (lane-gemv: each step's scales
// loaded one by one where swizzled, as one vector where row-major), two rows,
// and eight rows (fused-decode), and the results compared bit for bit.
// RUN: mx-opt %s --microscale-cpu-pipeline | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%openmp_runtime | FileCheck %s

// CHECK: nvfp4 1 row mismatches: 0
// CHECK: nvfp4 2 rows mismatches: 0
// CHECK: nvfp4 8 rows mismatches: 0
// CHECK: mxfp4 1 row mismatches: 0

// Deterministic values of mixed sign and magnitude.
func.func @values(%seed: index) -> tensor<130x256xf32> {
  %t = tensor.generate {
  ^bb0(%i: index, %j: index):
    %c37 = arith.constant 37 : index
    %c101 = arith.constant 101 : index
    %c211 = arith.constant 211 : index
    %a = arith.muli %i, %c37 : index
    %b = arith.muli %j, %c101 : index
    %s = arith.addi %a, %b : index
    %s2 = arith.addi %s, %seed : index
    %r = arith.remui %s2, %c211 : index
    %ri = arith.index_cast %r : index to i32
    %f = arith.sitofp %ri : i32 to f32
    %half = arith.constant 105.0 : f32
    %centered = arith.subf %f, %half : f32
    %scale = arith.constant 0.0137 : f32
    %v = arith.mulf %centered, %scale : f32
    // A power of two per 16 values and row, so that neighbouring blocks
    // have different scales.
    %c16 = arith.constant 16 : index
    %c5 = arith.constant 5 : index
    %blk = arith.divui %j, %c16 : index
    %bi = arith.addi %blk, %i : index
    %e = arith.remui %bi, %c5 : index
    %powers = arith.constant dense<[0.25, 0.5, 1.0, 2.0, 4.0]> : tensor<5xf32>
    %p = tensor.extract %powers[%e] : tensor<5xf32>
    %w = arith.mulf %v, %p : f32
    tensor.yield %w : f32
  } : tensor<130x256xf32>
  return %t : tensor<130x256xf32>
}

// The number of positions where %x and %y differ (NaN counts as differing).
func.func @mismatches(%x: tensor<?x130xf32>, %y: tensor<?x130xf32>) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c130 = arith.constant 130 : index
  %rows = tensor.dim %x, %c0 : tensor<?x130xf32>
  %n = scf.for %i = %c0 to %rows step %c1 iter_args(%n0 = %c0) -> index {
    %m = scf.for %j = %c0 to %c130 step %c1 iter_args(%n1 = %n0) -> index {
      %a = tensor.extract %x[%i, %j] : tensor<?x130xf32>
      %b = tensor.extract %y[%i, %j] : tensor<?x130xf32>
      %same = arith.cmpf oeq, %a, %b : f32
      %one = arith.select %same, %c0, %c1 : index
      %next = arith.addi %n1, %one : index
      scf.yield %next : index
    }
    scf.yield %m : index
  }
  return %n : index
}

func.func @nvfp4_one(%x: tensor<1x256xf32>, %w: tensor<130x256xf32>) -> index {
  %q = microscale.quantize %w : tensor<130x256xf32> -> !microscale.tensor<130x256, nvfp4>
  %s = microscale.quantize %w : tensor<130x256xf32> -> !microscale.tensor<130x256, nvfp4, layout = swizzled>
  %c = microscale.matmul %x, %q : tensor<1x256xf32>, !microscale.tensor<130x256, nvfp4> -> tensor<1x130xf32>
  %d = microscale.matmul %x, %s : tensor<1x256xf32>, !microscale.tensor<130x256, nvfp4, layout = swizzled> -> tensor<1x130xf32>
  %cc = tensor.cast %c : tensor<1x130xf32> to tensor<?x130xf32>
  %dd = tensor.cast %d : tensor<1x130xf32> to tensor<?x130xf32>
  %n = func.call @mismatches(%cc, %dd) : (tensor<?x130xf32>, tensor<?x130xf32>) -> index
  return %n : index
}

func.func @nvfp4_two(%x: tensor<2x256xf32>, %w: tensor<130x256xf32>) -> index {
  %q = microscale.quantize %w : tensor<130x256xf32> -> !microscale.tensor<130x256, nvfp4>
  %s = microscale.quantize %w : tensor<130x256xf32> -> !microscale.tensor<130x256, nvfp4, layout = swizzled>
  %c = microscale.matmul %x, %q : tensor<2x256xf32>, !microscale.tensor<130x256, nvfp4> -> tensor<2x130xf32>
  %d = microscale.matmul %x, %s : tensor<2x256xf32>, !microscale.tensor<130x256, nvfp4, layout = swizzled> -> tensor<2x130xf32>
  %cc = tensor.cast %c : tensor<2x130xf32> to tensor<?x130xf32>
  %dd = tensor.cast %d : tensor<2x130xf32> to tensor<?x130xf32>
  %n = func.call @mismatches(%cc, %dd) : (tensor<?x130xf32>, tensor<?x130xf32>) -> index
  return %n : index
}

func.func @nvfp4_eight(%x: tensor<8x256xf32>, %w: tensor<130x256xf32>) -> index {
  %q = microscale.quantize %w : tensor<130x256xf32> -> !microscale.tensor<130x256, nvfp4>
  %s = microscale.quantize %w : tensor<130x256xf32> -> !microscale.tensor<130x256, nvfp4, layout = swizzled>
  %c = microscale.matmul %x, %q : tensor<8x256xf32>, !microscale.tensor<130x256, nvfp4> -> tensor<8x130xf32>
  %d = microscale.matmul %x, %s : tensor<8x256xf32>, !microscale.tensor<130x256, nvfp4, layout = swizzled> -> tensor<8x130xf32>
  %cc = tensor.cast %c : tensor<8x130xf32> to tensor<?x130xf32>
  %dd = tensor.cast %d : tensor<8x130xf32> to tensor<?x130xf32>
  %n = func.call @mismatches(%cc, %dd) : (tensor<?x130xf32>, tensor<?x130xf32>) -> index
  return %n : index
}

func.func @mxfp4_one(%x: tensor<1x256xf32>, %w: tensor<130x256xf32>) -> index {
  %q = microscale.quantize %w : tensor<130x256xf32> -> !microscale.tensor<130x256, mxfp4>
  %s = microscale.quantize %w : tensor<130x256xf32> -> !microscale.tensor<130x256, mxfp4, layout = swizzled>
  %c = microscale.matmul %x, %q : tensor<1x256xf32>, !microscale.tensor<130x256, mxfp4> -> tensor<1x130xf32>
  %d = microscale.matmul %x, %s : tensor<1x256xf32>, !microscale.tensor<130x256, mxfp4, layout = swizzled> -> tensor<1x130xf32>
  %cc = tensor.cast %c : tensor<1x130xf32> to tensor<?x130xf32>
  %dd = tensor.cast %d : tensor<1x130xf32> to tensor<?x130xf32>
  %n = func.call @mismatches(%cc, %dd) : (tensor<?x130xf32>, tensor<?x130xf32>) -> index
  return %n : index
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c7 = arith.constant 7 : index
  %w = func.call @values(%c0) : (index) -> tensor<130x256xf32>
  %xs = func.call @values(%c7) : (index) -> tensor<130x256xf32>
  %x1 = tensor.extract_slice %xs[0, 0] [1, 256] [1, 1] : tensor<130x256xf32> to tensor<1x256xf32>
  %x2 = tensor.extract_slice %xs[0, 0] [2, 256] [1, 1] : tensor<130x256xf32> to tensor<2x256xf32>
  %x8 = tensor.extract_slice %xs[0, 0] [8, 256] [1, 1] : tensor<130x256xf32> to tensor<8x256xf32>

  %n1 = func.call @nvfp4_one(%x1, %w) : (tensor<1x256xf32>, tensor<130x256xf32>) -> index
  vector.print str "nvfp4 1 row mismatches: "
  vector.print %n1 : index
  %n2 = func.call @nvfp4_two(%x2, %w) : (tensor<2x256xf32>, tensor<130x256xf32>) -> index
  vector.print str "nvfp4 2 rows mismatches: "
  vector.print %n2 : index
  %n8 = func.call @nvfp4_eight(%x8, %w) : (tensor<8x256xf32>, tensor<130x256xf32>) -> index
  vector.print str "nvfp4 8 rows mismatches: "
  vector.print %n8 : index
  %m1 = func.call @mxfp4_one(%x1, %w) : (tensor<1x256xf32>, tensor<130x256xf32>) -> index
  vector.print str "mxfp4 1 row mismatches: "
  vector.print %m1 : index
  return
}
