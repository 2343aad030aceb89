// matmul through convert-microscale-to-linalg and upstream passes only,
// within the same Numerics §4 bound as test/Integration/CPU.
// DEFINE: %{gen} = %python %S/../CPU/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{run} = mx-opt --convert-microscale-to-linalg | %upstream_to_llvm | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | FileCheck %s

// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 1x64x4096 | %{run}
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 5x40x96 --nonfinite | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp8_e4m3 --shape 3x32x1024 --dynamic | %{run}
// RUN: %{gen} --op matmul --a mxint8 --b mxfp6_e2m3 --shape 9x20x608 --acc --dynamic | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e5m2 --b mxfp6_e3m2 --shape 3x32x1024 --acc | %{run}
// RUN: %{gen} --op matmul --a f32 --b mxfp4 --shape 8x64x512 --dynamic | %{run}
// RUN: %{gen} --op matmul --a bf16 --b mxfp8_e4m3 --shape 3x32x256 --acc | %{run}
// RUN: %{gen} --op matmul --a f16 --b nvfp4 --shape 4x16x256 | %{run}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 3x17x256 --acc --dynamic | %{run}
// RUN: %{gen} --op matmul --a mxfp4 --b f32 --shape 3x16x64 | %{run}

// CHECK: bound violations: 0{{$}}
