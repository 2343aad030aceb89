// What host-data=false cannot compile without a copy or host access to
// device memory: each is a diagnostic, never a crash or a silent copy.
// RUN: mx-opt %s -split-input-file -verify-diagnostics \
// RUN:   --microscale-gpu-pipeline="chip=sm_90a format=isa host-data=false" -o /dev/null

func.func @returns_argument(%x: tensor<4x64xf32>) -> tensor<4x64xf32> {
  // expected-error @+1 {{result #0 is not a device buffer that a microscale op of this function produced}}
  return %x : tensor<4x64xf32>
}

// -----

func.func @nvfp4_computed_global(%x: tensor<4x64xf32>) -> !microscale.tensor<4x64, nvfp4> {
  // expected-error @+2 {{with host-data=false needs the global scale as an operand}}
  // expected-error @+1 {{failed to legalize operation 'microscale.quantize'}}
  %q = microscale.quantize %x : tensor<4x64xf32> -> !microscale.tensor<4x64, nvfp4>
  return %q : !microscale.tensor<4x64, nvfp4>
}

// -----

func.func @host_arithmetic(%a: !microscale.tensor<4x64, mxfp4>, %w: !microscale.tensor<32x64, mxfp4>) -> tensor<4x32xf32> {
  %y = microscale.matmul %a, %w : !microscale.tensor<4x64, mxfp4>, !microscale.tensor<32x64, mxfp4> -> tensor<4x32xf32>
  // expected-error @+1 {{in a function compiled with host-data=false: its buffers are device memory}}
  %z = arith.addf %y, %y : tensor<4x32xf32>
  return %z : tensor<4x32xf32>
}

// -----

func.func @returned_twice(%a: !microscale.tensor<4x64, mxfp4>, %w: !microscale.tensor<32x64, mxfp4>) -> (tensor<4x32xf32>, tensor<4x32xf32>) {
  %y = microscale.matmul %a, %w : !microscale.tensor<4x64, mxfp4>, !microscale.tensor<32x64, mxfp4> -> tensor<4x32xf32>
  // expected-error @+1 {{returns one device buffer twice}}
  return %y, %y : tensor<4x32xf32>, tensor<4x32xf32>
}

// -----

func.func private @produce() -> tensor<4x32xf32>

func.func @buffer_from_call() -> tensor<4x32xf32> {
  // expected-error @+1 {{cannot take buffers from a call}}
  %y = call @produce() : () -> tensor<4x32xf32>
  return %y : tensor<4x32xf32>
}
