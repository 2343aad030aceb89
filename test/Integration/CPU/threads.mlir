// The kernels' parallel loops give the serial code's results on any number
// of threads: each generated program (see matmul-mx.mlir for the harness) is
// lowered with and without parallel loops, and run on 1, 2 and 3 OpenMP
// threads (3 on two cores splits unevenly) and serially; all must print the
// same, which is then checked as the other tests check it (quantize byte-
// exact, matmul within the Numerics §4 bound). Shapes leave partial groups
// of weight rows, panels and row tiles for the uneven splits.
// DEFINE: %{gen} = %python %S/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{run} = %python %S/Inputs/run_threads.py --mx-opt mx-opt --runner mlir-runner --shared-libs %mlir_runner_utils,%mlir_c_runner_utils,%openmp_runtime | FileCheck %s

// Rows of quantize (E8M0 groups, NVFP4's global scale), dequantize and
// requantize.
// RUN: %{gen} --op quantize --scheme mxfp4 --shape 67x256 | %{run} --check-prefix=Q
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 37x128 --dynamic | %{run} --check-prefix=Q
// RUN: %{gen} --op dequantize --scheme mxfp6_e3m2 --shape 37x128 | %{run} --check-prefix=DQ
// RUN: %{gen} --op requantize --src mxfp8_e4m3 --scheme mxint8 --shape 29x256 | %{run} --check-prefix=Q
// Each matmul kernel: one or two rows (FP4 weights 128 codes per load),
// few rows (weights decoded in registers), a panel of decoded weights,
// outer-product panels (f32, and bf16 activations), and exact int8 dot
// products of two block-scaled operands (E8M0 and NVFP4 scales).
// RUN: %{gen} --op matmul --a f32 --b mxfp4 --shape 1x102x512 | %{run} --check-prefix=MM
// RUN: %{gen} --op matmul --a f32 --b nvfp4 --shape 8x70x256 --acc | %{run} --check-prefix=MM
// RUN: %{gen} --op matmul --a f32 --b mxfp8_e4m3 --shape 12x37x256 | %{run} --check-prefix=MM
// RUN: %{gen} --op matmul --a f32 --b mxfp6_e2m3 --shape 40x150x256 --dynamic | %{run} --check-prefix=MM
// RUN: %{gen} --op matmul --a bf16 --b mxfp4 --shape 40x150x256 | %{run} --check-prefix=MM
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 20x70x512 --acc | %{run} --check-prefix=MM
// RUN: %{gen} --op matmul --a mxint8:16 --b nvfp4 --shape 9x70x256 | %{run} --check-prefix=MM
// RUN: %{gen} --op matmul --a f32 --b nvfp4 --shape 2x70x384 --acc | %{run} --check-prefix=MM

// Q: data mismatches: 0{{$}}
// Q: scale mismatches: 0{{$}}
// DQ: value mismatches: 0{{$}}
// MM: bound violations: 0{{$}}
// MM: max error / bound:
