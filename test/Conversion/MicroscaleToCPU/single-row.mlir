// RUN: mx-opt %s --convert-microscale-to-cpu="features=avx512f vector-bits=512" -split-input-file | FileCheck %s

// A matmul of f32 activations with dynamic rows and block-scaled weights
// gets a branch for one row at run time: the same op on one-row shapes
// (the few-row kernel), else the op as it was (the many-row kernel).
// CHECK-LABEL: func.func @dynamic_rows
// CHECK-SAME: (%[[X:.*]]: tensor<?x4096xf32>, %{{.*}}: !microscale.tensor<4096x4096, mxfp4>, %[[ACC:.*]]: tensor<?x4096xf32>)
// CHECK: %[[M:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4096xf32>
// CHECK: %[[ONE:.*]] = arith.cmpi eq, %[[M]], %{{.*}} : index
// CHECK: %[[C:.*]] = scf.if %[[ONE]] -> (tensor<?x4096xf32>)
// CHECK: tensor.cast %[[X]] : tensor<?x4096xf32> to tensor<1x4096xf32>
// CHECK: tensor.cast %[[ACC]] : tensor<?x4096xf32> to tensor<1x4096xf32>
// CHECK: tensor.cast %{{.*}} : tensor<1x4096xf32> to tensor<?x4096xf32>
// CHECK: } else {
// CHECK: return %[[C]]
func.func @dynamic_rows(%x: tensor<?x4096xf32>, %w: !microscale.tensor<4096x4096, mxfp4>, %acc: tensor<?x4096xf32>) -> tensor<?x4096xf32> {
  %c = microscale.matmul %x, %w acc %acc : tensor<?x4096xf32>, !microscale.tensor<4096x4096, mxfp4>, tensor<?x4096xf32> -> tensor<?x4096xf32>
  return %c : tensor<?x4096xf32>
}

// -----

// Static rows, or block-scaled activations (no cast applies to them): no
// branch.
// CHECK-LABEL: func.func @no_branch
// CHECK-NOT: scf.if {{.*}} -> (tensor
// CHECK: return
func.func @no_branch(%x: tensor<4x64xf32>, %a: !microscale.tensor<?x64, mxfp8_e4m3>, %w: !microscale.tensor<8x64, mxfp4>) -> (tensor<4x8xf32>, tensor<?x8xf32>) {
  %c = microscale.matmul %x, %w : tensor<4x64xf32>, !microscale.tensor<8x64, mxfp4> -> tensor<4x8xf32>
  %d = microscale.matmul %a, %w : !microscale.tensor<?x64, mxfp8_e4m3>, !microscale.tensor<8x64, mxfp4> -> tensor<?x8xf32>
  return %c, %d : tensor<4x8xf32>, tensor<?x8xf32>
}
