// downstream-opt: this project's pass next to microscale's pipeline.
// test/Packaging/install-downstream.sh checks
//   downstream-opt storage-bytes.mlir --downstream-storage-bytes | FileCheck storage-bytes.mlir
//   downstream-opt storage-bytes.mlir --microscale-cpu-pipeline | FileCheck storage-bytes.mlir --check-prefix=LOWERED

// 4 x 64 MXFP4: 4 * 32 data bytes + 4 * 2 scale bytes.
// CHECK-LABEL: func.func @quantize
// CHECK: microscale.quantize {{.*}}downstream.storage_bytes = 136 : i64
// LOWERED: llvm.func @quantize
// LOWERED-NOT: microscale.
func.func @quantize(%x: tensor<4x64xf32>) -> !microscale.tensor<4x64, mxfp4> {
  %q = microscale.quantize %x : tensor<4x64xf32> -> !microscale.tensor<4x64, mxfp4>
  return %q : !microscale.tensor<4x64, mxfp4>
}

// NVFP4 with a dynamic row count: not annotated; 2 x 32 static: 2 * 16 data
// bytes, 2 * 2 scale bytes and the f32 global.
// CHECK-LABEL: func.func @nvfp4
// CHECK: microscale.quantize %arg0 : tensor<?x32xf32> -> !microscale.tensor<?x32, nvfp4>
// CHECK: microscale.quantize %arg1 {{.*}}downstream.storage_bytes = 40 : i64
func.func @nvfp4(%x: tensor<?x32xf32>, %y: tensor<2x32xf32>) -> (!microscale.tensor<?x32, nvfp4>, !microscale.tensor<2x32, nvfp4>) {
  %q = microscale.quantize %x : tensor<?x32xf32> -> !microscale.tensor<?x32, nvfp4>
  %r = microscale.quantize %y : tensor<2x32xf32> -> !microscale.tensor<2x32, nvfp4>
  return %q, %r : !microscale.tensor<?x32, nvfp4>, !microscale.tensor<2x32, nvfp4>
}
