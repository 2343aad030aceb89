// The host emulation runs kernels as loops over threads between barriers;
// sm_90a's wgmma kernel (TMA, mbarriers, warpgroup-wide asynchronous MMAs on
// raw shared-memory addresses) is beyond it and is refused with a
// diagnostic, never run wrongly. Its index arithmetic is unit-tested
// (test/Unit/NVIDIA/WgmmaLayoutTest.cpp) and its PTX assembled
// (test/Pipelines/gpu-matmul-wgmma-ptxas.mlir).
// RUN: mx-opt %s --convert-microscale-to-gpu=chip=sm_90a --test-microscale-emulate-gpu-on-host -verify-diagnostics -o /dev/null

func.func @matmul_wgmma(%a: !microscale.tensor<4x64, mxfp4>, %b: !microscale.tensor<8x64, mxfp4>) -> tensor<4x8xf32> {
  // expected-error @below {{'gpu.launch' op calls an NVVM intrinsic other than a top-level E4M3 mma.sync between barriers; it cannot run as host loops}}
  %c = microscale.matmul %a, %b : !microscale.tensor<4x64, mxfp4>, !microscale.tensor<8x64, mxfp4> -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}
