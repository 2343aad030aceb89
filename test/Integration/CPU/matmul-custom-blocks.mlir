// Both operands E2M1 with custom block sizes 16 and 64 (E8M0 scales): the
// product through the lowering chosen for two block-scaled operands (exact
// int8 dot products where the host has AVX-512 VNNI) must equal, bit for
// bit, the product of the dequantized A with the same block-scaled B (the
// weight-only path): the values are few-bit integers times powers of two in
// a narrow range, so every product and partial sum is exact in f32 and any
// difference is a wrong element order, block boundary or scale.
// RUN: mx-opt %s --microscale-cpu-pipeline | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%openmp_runtime | FileCheck %s

// CHECK: block 16: max difference 0{{$}}
// CHECK: block 64: max difference 0{{$}}

#b16 = #microscale.scheme<f4E2M1FN, block = 16, scale = f8E8M0FNU>
#b64 = #microscale.scheme<f4E2M1FN, block = 64, scale = f8E8M0FNU>

// Deterministic values of several magnitudes: (h mod 97 - 48) times
// 2^(row mod 5 + (col / 16) mod 3 - 5), h a hash of the position, so that
// neighbouring blocks have different scales.
func.func @values(%rows: index, %seed: index) -> tensor<?x192xf32> {
  %t = tensor.generate %rows {
  ^bb0(%i: index, %j: index):
    %c7919 = arith.constant 7919 : index
    %c104729 = arith.constant 104729 : index
    %c97 = arith.constant 97 : index
    %c48 = arith.constant 48 : index
    %c5 = arith.constant 5 : index
    %a = arith.muli %i, %c7919 : index
    %b = arith.muli %j, %c104729 : index
    %h0 = arith.addi %a, %b : index
    %h = arith.addi %h0, %seed : index
    %m = arith.remui %h, %c97 : index
    %v = arith.subi %m, %c48 : index
    %vi = arith.index_cast %v : index to i32
    %vf = arith.sitofp %vi : i32 to f32
    %c3 = arith.constant 3 : index
    %c16 = arith.constant 16 : index
    %e0 = arith.remui %i, %c5 : index
    %jb = arith.divui %j, %c16 : index
    %e1 = arith.remui %jb, %c3 : index
    %e = arith.addi %e0, %e1 : index
    %ei = arith.index_cast %e : index to i32
    %c2 = arith.constant 2 : i32
    %e2 = arith.subi %ei, %c2 : i32
    %bias = arith.constant 124 : i32
    %eb = arith.addi %e2, %bias : i32
    %c23 = arith.constant 23 : i32
    %bits = arith.shli %eb, %c23 : i32
    %scale = arith.bitcast %bits : i32 to f32
    %x = arith.mulf %vf, %scale : f32
    tensor.yield %x : f32
  } : tensor<?x192xf32>
  return %t : tensor<?x192xf32>
}

func.func @max_difference(%x: tensor<5x40xf32>, %y: tensor<5x40xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %c40 = arith.constant 40 : index
  %zero = arith.constant 0.0 : f32
  %r = scf.for %i = %c0 to %c5 step %c1 iter_args(%d = %zero) -> f32 {
    %q = scf.for %j = %c0 to %c40 step %c1 iter_args(%d2 = %d) -> f32 {
      %u = tensor.extract %x[%i, %j] : tensor<5x40xf32>
      %v = tensor.extract %y[%i, %j] : tensor<5x40xf32>
      %df = arith.subf %u, %v : f32
      %ad = math.absf %df : f32
      %m = arith.maximumf %d2, %ad : f32
      scf.yield %m : f32
    }
    scf.yield %q : f32
  }
  return %r : f32
}

func.func @main() {
  %c5 = arith.constant 5 : index
  %c40 = arith.constant 40 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %ad = call @values(%c5, %c1) : (index, index) -> tensor<?x192xf32>
  %bd = call @values(%c40, %c3) : (index, index) -> tensor<?x192xf32>
  %a = tensor.cast %ad : tensor<?x192xf32> to tensor<5x192xf32>
  %b = tensor.cast %bd : tensor<?x192xf32> to tensor<40x192xf32>

  %qa16 = microscale.quantize %a : tensor<5x192xf32> -> !microscale.tensor<5x192, #b16>
  %qb16 = microscale.quantize %b : tensor<40x192xf32> -> !microscale.tensor<40x192, #b16>
  %both16 = microscale.matmul %qa16, %qb16 : !microscale.tensor<5x192, #b16>, !microscale.tensor<40x192, #b16> -> tensor<5x40xf32>
  %da16 = microscale.dequantize %qa16 : !microscale.tensor<5x192, #b16> -> tensor<5x192xf32>
  %ref16 = microscale.matmul %da16, %qb16 : tensor<5x192xf32>, !microscale.tensor<40x192, #b16> -> tensor<5x40xf32>
  %d16 = call @max_difference(%both16, %ref16) : (tensor<5x40xf32>, tensor<5x40xf32>) -> f32
  vector.print str "block 16: max difference "
  vector.print %d16 : f32

  %qa64 = microscale.quantize %a : tensor<5x192xf32> -> !microscale.tensor<5x192, #b64>
  %qb64 = microscale.quantize %b : tensor<40x192xf32> -> !microscale.tensor<40x192, #b64>
  %both64 = microscale.matmul %qa64, %qb64 : !microscale.tensor<5x192, #b64>, !microscale.tensor<40x192, #b64> -> tensor<5x40xf32>
  %da64 = microscale.dequantize %qa64 : !microscale.tensor<5x192, #b64> -> tensor<5x192xf32>
  %ref64 = microscale.matmul %da64, %qb64 : tensor<5x192xf32>, !microscale.tensor<40x192, #b64> -> tensor<5x40xf32>
  %d64 = call @max_difference(%both64, %ref64) : (tensor<5x40xf32>, tensor<5x40xf32>) -> f32
  vector.print str "block 64: max difference "
  vector.print %d64 : f32
  return
}
