// Tensors carried through loops and branches (scf.for and scf.while
// iter_args, scf.if results), both plain tensors and !microscale.tensor
// values, compile and run in both pipelines: the CPU one under mlir-runner,
// the GPU one through its host emulation, and the GPU one to PTX. Every value
// is exact (E2M1 values times powers of two), so each result is known.
// RUN: mx-opt %s --microscale-cpu-pipeline | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%openmp_runtime | FileCheck %s
// RUN: mx-opt %s --test-microscale-gpu-emulation-pipeline="chip=sm_90a" | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%openmp_runtime | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_90a format=isa" | FileCheck %s --check-prefix=PTX

// PTX: llvm.func @main()
// PTX: gpu.binary @

// x -> dequantize(quantize(x)) * 2 on an MXFP4 round trip.
func.func @double(%x: tensor<2x32xf32>) -> tensor<2x32xf32> {
  %q = microscale.quantize %x : tensor<2x32xf32> -> !microscale.tensor<2x32, mxfp4>
  %d = microscale.dequantize %q : !microscale.tensor<2x32, mxfp4> -> tensor<2x32xf32>
  %two = arith.constant dense<2.0> : tensor<2x32xf32>
  %y = arith.mulf %d, %two : tensor<2x32xf32>
  return %y : tensor<2x32xf32>
}

func.func @print_head(%x: tensor<2x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %a = tensor.extract %x[%c0, %c0] : tensor<2x32xf32>
  %b = tensor.extract %x[%c0, %c1] : tensor<2x32xf32>
  %c = tensor.extract %x[%c1, %c3] : tensor<2x32xf32>
  vector.print %a : f32
  vector.print %b : f32
  vector.print %c : f32
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %x0 = tensor.generate {
  ^bb0(%i: index, %j: index):
    // Row 0: 0.5, 1, 1.5, 2, 3, 4, 6, 0.5, ...; row 1 the negated values.
    %c8 = arith.constant 8 : index
    %k = arith.remui %j, %c8 : index
    %table = arith.constant dense<[0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 0.5]> : tensor<8xf32>
    %v = tensor.extract %table[%k] : tensor<8xf32>
    %neg = arith.negf %v : f32
    %row0 = arith.cmpi eq, %i, %c0 : index
    %r = arith.select %row0, %v, %neg : f32
    tensor.yield %r : f32
  } : tensor<2x32xf32>

  // scf.for yielding a new tensor each iteration: x0 * 8.
  // CHECK: 4
  // CHECK-NEXT: 8
  // CHECK-NEXT: -16
  %for = scf.for %i = %c0 to %c3 step %c1 iter_args(%x = %x0) -> (tensor<2x32xf32>) {
    %y = func.call @double(%x) : (tensor<2x32xf32>) -> tensor<2x32xf32>
    scf.yield %y : tensor<2x32xf32>
  }
  func.call @print_head(%for) : (tensor<2x32xf32>) -> ()

  // scf.while until x[0][1] reaches 100: x0 * 128.
  // CHECK-NEXT: 64
  // CHECK-NEXT: 128
  // CHECK-NEXT: -256
  %limit = arith.constant 100.0 : f32
  %while = scf.while (%x = %x0) : (tensor<2x32xf32>) -> tensor<2x32xf32> {
    %v = tensor.extract %x[%c0, %c1] : tensor<2x32xf32>
    %go = arith.cmpf olt, %v, %limit : f32
    scf.condition(%go) %x : tensor<2x32xf32>
  } do {
  ^bb0(%x: tensor<2x32xf32>):
    %y = func.call @double(%x) : (tensor<2x32xf32>) -> tensor<2x32xf32>
    scf.yield %y : tensor<2x32xf32>
  }
  func.call @print_head(%while) : (tensor<2x32xf32>) -> ()

  // scf.if choosing between a new tensor and the old one, on data.
  // CHECK-NEXT: 1
  // CHECK-NEXT: 2
  // CHECK-NEXT: -4
  %first = tensor.extract %x0[%c0, %c0] : tensor<2x32xf32>
  %zero = arith.constant 0.0 : f32
  %positive = arith.cmpf ogt, %first, %zero : f32
  %if = scf.if %positive -> (tensor<2x32xf32>) {
    %y = func.call @double(%x0) : (tensor<2x32xf32>) -> tensor<2x32xf32>
    scf.yield %y : tensor<2x32xf32>
  } else {
    scf.yield %x0 : tensor<2x32xf32>
  }
  func.call @print_head(%if) : (tensor<2x32xf32>) -> ()

  // A quantized tensor carried by scf.for: requantized from its doubled
  // values each iteration, x0 * 8 again.
  // CHECK-NEXT: 4
  // CHECK-NEXT: 8
  // CHECK-NEXT: -16
  %q0 = microscale.quantize %x0 : tensor<2x32xf32> -> !microscale.tensor<2x32, mxfp4>
  %qfor = scf.for %i = %c0 to %c3 step %c1 iter_args(%q = %q0) -> (!microscale.tensor<2x32, mxfp4>) {
    %d = microscale.dequantize %q : !microscale.tensor<2x32, mxfp4> -> tensor<2x32xf32>
    %two = arith.constant dense<2.0> : tensor<2x32xf32>
    %y = arith.mulf %d, %two : tensor<2x32xf32>
    %next = microscale.quantize %y : tensor<2x32xf32> -> !microscale.tensor<2x32, mxfp4>
    scf.yield %next : !microscale.tensor<2x32, mxfp4>
  }
  %qd = microscale.dequantize %qfor : !microscale.tensor<2x32, mxfp4> -> tensor<2x32xf32>
  func.call @print_head(%qd) : (tensor<2x32xf32>) -> ()

  // Weights quantized once outside the loop, a matmul inside it: x0 times
  // an MXFP4 identity, three times, leaves x0.
  // CHECK-NEXT: 0.5
  // CHECK-NEXT: 1
  // CHECK-NEXT: -2
  %eye = tensor.generate {
  ^bb0(%i: index, %j: index):
    %same = arith.cmpi eq, %i, %j : index
    %one = arith.constant 1.0 : f32
    %v = arith.select %same, %one, %zero : f32
    tensor.yield %v : f32
  } : tensor<32x32xf32>
  %w = microscale.quantize %eye : tensor<32x32xf32> -> !microscale.tensor<32x32, mxfp4>
  %mfor = scf.for %i = %c0 to %c3 step %c1 iter_args(%x = %x0) -> (tensor<2x32xf32>) {
    %y = microscale.matmul %x, %w : tensor<2x32xf32>, !microscale.tensor<32x32, mxfp4> -> tensor<2x32xf32>
    scf.yield %y : tensor<2x32xf32>
  }
  func.call @print_head(%mfor) : (tensor<2x32xf32>) -> ()
  return
}
