// sm_103a runs sm_100a's tcgen05 kernel, but MLIR 22's NVVM dialect admits
// the tcgen05 ops on sm_100a/sm_101a only: the conversion emits them as
// calls of the intrinsics the NVVM ops translate to (the descriptor op,
// plain bit arithmetic, stays).
// RUN: mx-opt %s --convert-microscale-to-gpu=chip=sm_103a -canonicalize | FileCheck %s
// RUN: mx-opt %s --convert-microscale-to-gpu=chip=sm_103a | FileCheck %s --check-prefix=NONE
// NONE-NOT: {{^ *}}nvvm.tcgen05.{{(alloc|relinquish|fence|cp|mma.block_scale|commit|ld|wait|dealloc)}}

// CHECK-LABEL: func.func @nvfp4
// CHECK: llvm.call_intrinsic "llvm.nvvm.tcgen05.alloc.shared.cg1"({{.*}}) : (!llvm.ptr<3>, i32) -> ()
// CHECK: llvm.call_intrinsic "llvm.nvvm.tcgen05.relinq.alloc.permit.cg1"() : () -> ()
// CHECK: llvm.call_intrinsic "llvm.nvvm.tcgen05.fence.before.thread.sync"()
// CHECK: llvm.call_intrinsic "llvm.nvvm.tcgen05.fence.after.thread.sync"()
// CHECK: llvm.call_intrinsic "llvm.nvvm.tcgen05.cp.32x128b_warpx4.cg1"({{.*}}) : (!llvm.ptr<6>, i64) -> ()
// CHECK: nvvm.tcgen05.mma_smem_desc
// CHECK: llvm.call_intrinsic "llvm.nvvm.tcgen05.mma.shared.mxf4nvf4.block_scale.block16"({{.*}}) : (!llvm.ptr<6>, i64, i64, i32, i1, !llvm.ptr<6>, !llvm.ptr<6>, i32, i32) -> ()
// CHECK: llvm.call_intrinsic "llvm.nvvm.tcgen05.commit.shared.cg1"({{.*}}) : (!llvm.ptr<3>) -> ()
// CHECK: llvm.call_intrinsic "llvm.nvvm.tcgen05.ld.32x32b.x16"({{.*}}) : (!llvm.ptr<6>, i1) -> vector<16xi32>
// CHECK: llvm.call_intrinsic "llvm.nvvm.tcgen05.wait.ld"()
// CHECK: llvm.call_intrinsic "llvm.nvvm.tcgen05.dealloc.cg1"({{.*}}) : (!llvm.ptr<6>, i32) -> ()
func.func @nvfp4(%a: !microscale.tensor<3x64, nvfp4>, %b: !microscale.tensor<40x64, nvfp4>, %acc: tensor<3x40xf32>) -> tensor<3x40xf32> {
  %c = microscale.matmul %a, %b acc %acc : !microscale.tensor<3x64, nvfp4>, !microscale.tensor<40x64, nvfp4>, tensor<3x40xf32> -> tensor<3x40xf32>
  return %c : tensor<3x40xf32>
}
