// The quantize kernels of the chips with the FP4 / UE8M0 converts
// (sm_100a, sm_103a, sm_120a: cvt.rp.satfinite.ue8m0x2.f32 for rceil scales,
// cvt.rn.satfinite.e2m1x2.f32 for E2M1 pairs) checked bit for bit without a
// GPU: the emulation computes each convert by its PTX ISA definition with
// the software codecs (EmulateConverts.cpp), so the kernels' operand order
// (x[2i+1] first, the high nibble) and nibble split are tested; that the
// hardware rounds as the ISA says is not (no Blackwell GPU has run them).
// DEFINE: %{gen} = %python %S/../../CPU/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{run} = mx-opt --test-microscale-gpu-emulation-pipeline="chip=sm_100a" | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | FileCheck %s
// DEFINE: %{run120} = mx-opt --test-microscale-gpu-emulation-pipeline="chip=sm_120a" | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | FileCheck %s

// rceil: both converts (MXFP4), the scale convert alone (MXFP8, MXFP6,
// MXINT8), swizzled scales, odd M with the numerics edge cases, bf16 input
// RUN: %{gen} --op quantize --scheme mxfp4 --rule rceil --shape 13x1024 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp4 --rule rceil --shape 130x64 --layout swizzled | %{run120}
// RUN: %{gen} --op quantize --scheme mxfp8_e4m3 --rule rceil --shape 13x1024 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp6_e3m2 --rule rceil --shape 5x2048 --input-type bf16 | %{run120}
// RUN: %{gen} --op quantize --scheme mxint8 --rule rceil --shape 13x1024 | %{run}
// NVFP4: E2M1 pairs in hardware, computed and given globals, NaN / Inf
// blocks, swizzled scales
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 13x1024 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 9x512 --nonfinite | %{run120}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 13x512 --global 0.0078125 --input-type bf16 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 130x64 --layout swizzled | %{run}
// floor stays in software; requantize to MXFP4 with rceil
// RUN: %{gen} --op quantize --scheme mxfp4 --rule floor --shape 13x1024 | %{run}
// RUN: %{gen} --op requantize --src mxfp8_e4m3 --scheme mxfp4 --rule rceil --shape 13x256 | %{run120}

// CHECK-NOT: mismatches: {{[1-9-]}}
// CHECK: mismatches: 0{{$}}
// CHECK-NOT: mismatches: {{[1-9-]}}
