// Malformed input of any kind gives a diagnostic and exit code 1.
// RUN: split-file %s %t

// RUN: not mx-opt %t/truncated-type.mlir 2>&1 | FileCheck %s --check-prefix=TYPE
// TYPE: truncated-type.mlir:1:40: error: unbalanced '<' character in pretty dialect name

// RUN: not mx-opt %t/truncated-op.mlir 2>&1 | FileCheck %s --check-prefix=OP
// OP: truncated-op.mlir:2:49: error: expected '->'

// RUN: not mx-opt %t/unknown-scheme.mlir 2>&1 | FileCheck %s --check-prefix=SCHEME
// SCHEME: unknown-scheme.mlir:1:47: error: unknown scheme 'mxfp3'

// RUN: not mx-opt %t/wrong-shape.mlir 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: wrong-shape.mlir:2:8: error: 'microscale.matmul' op reduction dimensions differ

// RUN: not mx-opt %t/unknown-op.mlir 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: unknown-op.mlir:2:8: error: custom op 'microscale.transpose' is unknown

// RUN: not mx-opt %t/missing-file.mlir 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: cannot open input file '{{.*}}missing-file.mlir'

// RUN: not mx-opt %t/binary.mlir 2>&1 | FileCheck %s --check-prefix=BINARY
// BINARY: error:

// Hundreds of truncated and corrupted copies of the round-trip test.
// RUN: %python %S/Inputs/mutate-and-run.py mx-opt %S/../../Dialect/Microscale/ops.mlir 150 | FileCheck %s --check-prefix=FUZZ
// FUZZ: 300 mutated inputs, {{[0-9]+}} rejected with a diagnostic, none crashed

//--- truncated-type.mlir
func.func private @f(!microscale.tensor<4x64, mxfp4
//--- truncated-op.mlir
func.func @f(%x: tensor<4x64xf32>) {
  %q = microscale.quantize %x : tensor<4x64xf32>
//--- unknown-scheme.mlir
func.func private @f(!microscale.tensor<4x64, mxfp3>)
//--- wrong-shape.mlir
func.func @f(%a: !microscale.tensor<8x64, mxfp4>, %b: !microscale.tensor<16x128, mxfp4>) {
  %c = microscale.matmul %a, %b : !microscale.tensor<8x64, mxfp4>, !microscale.tensor<16x128, mxfp4> -> tensor<8x16xf32>
  return
}
//--- unknown-op.mlir
func.func @f(%a: !microscale.tensor<8x64, mxfp4>) {
  %c = microscale.transpose %a : !microscale.tensor<8x64, mxfp4>
  return
}
//--- binary.mlir
ML�R   ���� microscale
