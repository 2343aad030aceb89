// The pipeline ends in the LLVM dialect with the storage ABI, and LLVM IR
// comes out of mlir-translate.
// RUN: mx-opt %s --microscale-cpu-pipeline="vector-bits=512 features=avx512f,avx512bf16,avx512bw,avx512vnni" | FileCheck %s
// RUN: mx-opt %s --microscale-cpu-pipeline="vector-bits=512 features=avx512f,avx512bf16,avx512bw,avx512vnni" | mlir-translate --mlir-to-llvmir | FileCheck %s --check-prefix=LLVMIR

// CHECK-NOT: microscale.
// CHECK-NOT: builtin.unrealized_conversion_cast
// CHECK-LABEL: llvm.func @gemv_nvfp4
// The data, scales and global of the weights follow the activations.
// Three 2-D memref descriptors (7 values each), then the f32 global.
// CHECK-SAME: %arg14: !llvm.ptr, {{.*}}, %arg21: f32)
// CHECK: llvm.intr.fmuladd
// CHECK-LABEL: llvm.func @_mlir_ciface_gemv_nvfp4
// LLVMIR: define {{.*}} @gemv_nvfp4(
// LLVMIR: call <16 x float> @llvm.fmuladd.v16f32
func.func @gemv_nvfp4(%x: tensor<1x256xf32>, %w: !microscale.tensor<64x256, nvfp4>) -> tensor<1x64xf32> attributes {llvm.emit_c_interface} {
  %c = microscale.matmul %x, %w : tensor<1x256xf32>, !microscale.tensor<64x256, nvfp4> -> tensor<1x64xf32>
  return %c : tensor<1x64xf32>
}
