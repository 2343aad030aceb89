// The sanitized runner itself (Inputs/run_sanitized.py): a program that
// leaks a buffer and one that stores past the end of one must fail, with
// LeakSanitizer's and AddressSanitizer's reports, so that sanitized.mlir
// cannot pass because nothing was checked.
// REQUIRES: asan
// DEFINE: %{lower} = mlir-opt --convert-scf-to-cf --finalize-memref-to-llvm --convert-arith-to-llvm --convert-func-to-llvm --convert-cf-to-llvm --reconcile-unrealized-casts
// DEFINE: %{asan} = %python %S/Inputs/run_sanitized.py --clang %clangxx --mlir-translate mlir-translate --lib-dir %llvm_lib_dir
// RUN: split-file %s %t
// RUN: %{lower} %t/leak.mlir | not %{asan} > %t/leak.out 2>&1
// RUN: FileCheck %s --check-prefix=LEAK --input-file=%t/leak.out
// RUN: %{lower} %t/overflow.mlir | not %{asan} > %t/overflow.out 2>&1
// RUN: FileCheck %s --check-prefix=OVERFLOW --input-file=%t/overflow.out
// RUN: %{lower} %t/clean.mlir | %{asan} > %t/clean.out 2>&1
// RUN: FileCheck %s --check-prefix=CLEAN --allow-empty --input-file=%t/clean.out

// LEAK: ERROR: LeakSanitizer: detected memory leaks
// OVERFLOW: ERROR: AddressSanitizer: heap-buffer-overflow
// CLEAN-NOT: Sanitizer

//--- leak.mlir
func.func @main() {
  %m = memref.alloc() : memref<64xf32>
  return
}

//--- overflow.mlir
func.func @main() {
  %m = memref.alloc() : memref<64xf32>
  %c64 = arith.constant 64 : index
  %v = arith.constant 1.0 : f32
  memref.store %v, %m[%c64] : memref<64xf32>
  memref.dealloc %m : memref<64xf32>
  return
}

//--- clean.mlir
func.func @main() {
  %m = memref.alloc() : memref<64xf32>
  %c63 = arith.constant 63 : index
  %v = arith.constant 1.0 : f32
  memref.store %v, %m[%c63] : memref<64xf32>
  memref.dealloc %m : memref<64xf32>
  return
}
