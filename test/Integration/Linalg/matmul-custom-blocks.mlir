// The CPU integration program of custom block sizes lowered by
// convert-microscale-to-linalg and upstream passes only: the same values.
// RUN: mx-opt %S/../CPU/matmul-custom-blocks.mlir --convert-microscale-to-linalg | %upstream_to_llvm | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | FileCheck %S/../CPU/matmul-custom-blocks.mlir
