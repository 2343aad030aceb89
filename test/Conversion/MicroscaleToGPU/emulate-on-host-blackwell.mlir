// The tcgen05 kernel of sm_100a/sm_103a (Tensor Memory, asynchronous MMAs,
// mbarriers) has no host form: emulating it is a clear error at the
// kernel, not host code that cannot run. (sm_120a's block-scaled mma.sync
// and the FP4 / UE8M0 converts are emulated: test/Integration/GPU/Emulated.)
// RUN: mx-opt %s --convert-microscale-to-gpu=chip=sm_100a --test-microscale-emulate-gpu-on-host -verify-diagnostics

func.func @matmul(%a: !microscale.tensor<4x64, mxfp4>, %b: !microscale.tensor<8x64, mxfp4>) -> tensor<4x8xf32> {
  // expected-error @below {{'gpu.launch' op calls an NVVM intrinsic other than a top-level E4M3 mma.sync between barriers; it cannot run as host loops}}
  %c = microscale.matmul %a, %b : !microscale.tensor<4x64, mxfp4>, !microscale.tensor<8x64, mxfp4> -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}

