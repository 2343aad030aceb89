// !microscale.tensor values carried through scf.for / scf.while / scf.if
// (the CPU integration program) lowered by convert-microscale-to-linalg and
// upstream passes only: the same printed values as the CPU pipeline.
// RUN: mx-opt %S/../CPU/loops-and-branches.mlir --convert-microscale-to-linalg | %upstream_to_llvm | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | FileCheck %S/../CPU/loops-and-branches.mlir
