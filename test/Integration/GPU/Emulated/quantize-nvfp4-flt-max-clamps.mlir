// The GPU quantize kernels on NVFP4 inputs whose encode scales overflow f32
// (Numerics §3.1, §3.3, §3.4: g and g / s clamped to FLT_MAX), checked without
// a GPU under host emulation: the program and its expected codes are the CPU
// test's. sm_90a encodes E2M1 in software, sm_100a with the emulated
// cvt.rn.satfinite.e2m1x2.f32 pairs.
// DEFINE: %{prog} = %S/../../CPU/quantize-nvfp4-flt-max-clamps.mlir
// RUN: mx-opt %{prog} --test-microscale-gpu-emulation-pipeline="chip=sm_90a" | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | FileCheck %{prog}
// RUN: mx-opt %{prog} --test-microscale-gpu-emulation-pipeline="chip=sm_100a" | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | FileCheck %{prog}
