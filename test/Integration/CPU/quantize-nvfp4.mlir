// quantize to NVFP4, with the global computed from the data and given.
// Each RUN line generates one complete program (kernel + checking main) with
// Inputs/gen_cpu_test.py, whose expected values come from the NumPy reference
// (python/microscale) and are cross-checked against the C++ numerics core;
// the program is lowered with --microscale-cpu-pipeline and run under
// mlir-runner. Reproduce one case with the same generator arguments:
//   python3 test/Integration/CPU/Inputs/gen_cpu_test.py ARGS > case.mlir
//   mx-opt case.mlir --microscale-cpu-pipeline | mlir-runner -e main \
//     -entry-point-result=void -shared-libs=<lib>/libmlir_runner_utils.so,<lib>/libmlir_c_runner_utils.so,<lib>/libomp.so
//
// quantize: packed data, UE4M3 scale bytes and the f32 decode global must be
// bit-exact. Edge blocks: power-of-two block scales from subnormal to 448 with
// exact E2M1 ties, scales that round down (elements saturate), scales that
// round to 0, zeros, f32 subnormals; --nonfinite adds NaN/Inf blocks (the
// computed global is then 1).
// DEFINE: %{gen} = %python %S/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{run} = mx-opt --microscale-cpu-pipeline | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%openmp_runtime | FileCheck %s

// about 100,000 values with the computed global, and as many with a given one
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 13x4096 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 13x4096 --global 0.0078125 | %{run}
// one block
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 1x16 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 1x16 --global 3.0 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 1x8192 | %{run}
// NaN and Inf blocks, computed and given global (not a power of two)
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 3x64 --nonfinite | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 64x256 --global 0.0137 --nonfinite | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 8x1024 --input-type bf16 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 64x64 --input-type f16 --nonfinite | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 8x512 --input-type bf16 --global 0.25 | %{run}
// dynamic M
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 3x4096 --dynamic | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 8x4096 --dynamic --global 0.001 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 64x4096 --dynamic | %{run}
// tiny tensors and subnormal given globals: g and g / s overflow f32 and are
// clamped to FLT_MAX (Numerics §3.1, §3.3, §3.4;
// quantize-nvfp4-flt-max-clamps.mlir prints such codes)
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 5x1024 --tensor-amax 1e-30 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 5x1024 --tensor-amax 1e-33 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 5x1024 --tensor-amax 1e-36 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 5x1024 --tensor-amax 1e-38 --input-type bf16 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 5x1024 --tensor-amax 1e-40 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 5x1024 --tensor-amax 1e-44 --dynamic | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 5x1024 --global 1e-40 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 5x1024 --global 1e-45 | %{run}
// swizzled (128x4) scale layout
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 130x64 --layout swizzled | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 3x128 --layout swizzled --global 0.5 | %{run}

// CHECK: data mismatches: 0{{$}}
// CHECK: scale mismatches: 0{{$}}
// CHECK: global mismatches: 0{{$}}
