// RUN: not mx-opt %s --convert-microscale-to-gpu=chip=sm_75 2>&1 | FileCheck %s
// RUN: not mx-opt %s --microscale-gpu-pipeline="chip=sm_90 format=isa" 2>&1 | FileCheck %s --check-prefix=PIPE
// RUN: not mx-opt %s --microscale-gpu-pipeline="chip=sm_90a format=ptx" 2>&1 | FileCheck %s --check-prefix=FORMAT

// CHECK: error: unsupported chip 'sm_75'; expected one of sm_80, sm_89, sm_90a, sm_100a, sm_103a, sm_120a
// PIPE: error: unsupported chip 'sm_90'
// FORMAT: for the --format option: Cannot find option named 'ptx'
func.func @f(%x: tensor<4x32xf32>) -> !microscale.tensor<4x32, mxfp8_e4m3> {
  %q = microscale.quantize %x : tensor<4x32xf32> -> !microscale.tensor<4x32, mxfp8_e4m3>
  return %q : !microscale.tensor<4x32, mxfp8_e4m3>
}
