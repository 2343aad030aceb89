// The NVVM ops of the Blackwell kernels other than sm_120a's block-scaled
// mma.sync (tcgen05, the FP4 / UE8M0 converts) have no host form: emulating
// them is a clear error at the kernel, not host code that cannot run. (The
// sm_120a matmul is emulated: test/Integration/GPU/Emulated.)
// RUN: mx-opt %s --convert-microscale-to-gpu=chip=sm_100a --microscale-emulate-gpu-on-host -split-input-file -verify-diagnostics

func.func @matmul(%a: !microscale.tensor<4x64, mxfp4>, %b: !microscale.tensor<8x64, mxfp4>) -> tensor<4x8xf32> {
  // expected-error @below {{'gpu.launch' op calls an NVVM intrinsic other than a top-level E4M3 mma.sync between barriers; it cannot run as host loops}}
  %c = microscale.matmul %a, %b : !microscale.tensor<4x64, mxfp4>, !microscale.tensor<8x64, mxfp4> -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}

// -----

func.func @quantize_rceil(%x: tensor<2x64xf32>) -> !microscale.tensor<2x64, mxfp4> {
  // expected-error @below {{'gpu.launch' op calls an NVVM intrinsic other than a top-level E4M3 mma.sync between barriers; it cannot run as host loops}}
  %q = microscale.quantize %x scale_rounding(rceil) : tensor<2x64xf32> -> !microscale.tensor<2x64, mxfp4>
  return %q : !microscale.tensor<2x64, mxfp4>
}
