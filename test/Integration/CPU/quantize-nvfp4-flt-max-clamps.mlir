// NVFP4 quantize where the encode scales overflow f32: Numerics §3.1, §3.3 and
// §3.4 clamp g = 2688 / amax_t, g = 1 / global and the block factor f = g / s
// to FLT_MAX, so zeros stay zeros (0x0, 0x8 for -0) instead of 0 * Inf = NaN
// coming out as -6 (0xF). The codes below are worked out by hand from the
// numerics reference (and agree with the NumPy reference and the C++ core,
// which test/Python/test_nvfp4_flt_max_clamps.py checks at more amaxes). The
// GPU kernels run this very program under host emulation (../GPU/Emulated) and
// on a GPU (../GPU/Kernels).
// RUN: mx-opt %s --microscale-cpu-pipeline | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%openmp_runtime | FileCheck %s

func.func @quantize_given(%x: tensor<2x16xf32>, %g: f32) -> !microscale.tensor<2x16, nvfp4> {
  %q = microscale.quantize %x global %g : tensor<2x16xf32>, f32 -> !microscale.tensor<2x16, nvfp4>
  return %q : !microscale.tensor<2x16, nvfp4>
}

func.func @quantize_computed(%x: tensor<3x16xf32>) -> !microscale.tensor<3x16, nvfp4> {
  %q = microscale.quantize %x : tensor<3x16xf32> -> !microscale.tensor<3x16, nvfp4>
  return %q : !microscale.tensor<3x16, nvfp4>
}

// Prints each row's E2M1 codes (element 2i is the low nibble of byte i) and
// block scale codes on one line.
func.func @print_codes(%data: tensor<?x?xi8>, %scales: tensor<?x?xi8>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = tensor.dim %data, %c0 : tensor<?x?xi8>
  %bytes = tensor.dim %data, %c1 : tensor<?x?xi8>
  %blocks = tensor.dim %scales, %c1 : tensor<?x?xi8>
  %c4 = arith.constant 4 : i8
  %c15 = arith.constant 15 : i8
  scf.for %r = %c0 to %rows step %c1 {
    vector.print str "codes:"
    scf.for %i = %c0 to %bytes step %c1 {
      %byte = tensor.extract %data[%r, %i] : tensor<?x?xi8>
      %lo = arith.andi %byte, %c15 : i8
      %hi = arith.shrui %byte, %c4 : i8
      %lo64 = arith.extui %lo : i8 to i64
      %hi64 = arith.extui %hi : i8 to i64
      vector.print str " "
      vector.print %lo64 : i64 punctuation <no_punctuation>
      vector.print str " "
      vector.print %hi64 : i64 punctuation <no_punctuation>
    }
    vector.print str " scales:"
    scf.for %b = %c0 to %blocks step %c1 {
      %s = tensor.extract %scales[%r, %b] : tensor<?x?xi8>
      %s64 = arith.extui %s : i8 to i64
      vector.print str " "
      vector.print %s64 : i64 punctuation <no_punctuation>
    }
    vector.print str "\n"
  }
  return
}

func.func @print_quantized2(%q: !microscale.tensor<2x16, nvfp4>) {
  %d, %s, %g = microscale.unpack %q : !microscale.tensor<2x16, nvfp4> -> tensor<2x8xi8>, tensor<2x1xf8E4M3FN>, f32
  %s8 = arith.bitcast %s : tensor<2x1xf8E4M3FN> to tensor<2x1xi8>
  %dd = tensor.cast %d : tensor<2x8xi8> to tensor<?x?xi8>
  %sd = tensor.cast %s8 : tensor<2x1xi8> to tensor<?x?xi8>
  func.call @print_codes(%dd, %sd) : (tensor<?x?xi8>, tensor<?x?xi8>) -> ()
  return
}

func.func @main() {
  // A given global below 1 / FLT_MAX: 1 / global overflows, g = FLT_MAX.
  // Row 0: s = e4m3((1 / 6) * FLT_MAX) saturates to 448 (code 126), f =
  // FLT_MAX / 448, 1 -> 6 (code 7), 0 -> 0x0, -0 -> 0x8. Row 1: amax 0,
  // s = 0, every code 0x0.
  %x = arith.constant dense<[[1.0, 0.0, -0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, -0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.0]]> : tensor<2x16xf32>
  vector.print str "given 1e-40\n"
  %g40 = arith.constant 1.0e-40 : f32
  %q40 = func.call @quantize_given(%x, %g40) : (tensor<2x16xf32>, f32) -> !microscale.tensor<2x16, nvfp4>
  func.call @print_quantized2(%q40) : (!microscale.tensor<2x16, nvfp4>) -> ()
  // CHECK-LABEL: given 1e-40
  // CHECK-NEXT: codes: 7 0 8 0 0 0 0 0 0 0 0 0 0 0 0 0 scales: 126{{$}}
  // CHECK-NEXT: codes: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 scales: 0{{$}}

  // The smallest subnormal global: the same codes.
  vector.print str "given 2^-149\n"
  %g149 = arith.constant 1.0e-45 : f32
  %q149 = func.call @quantize_given(%x, %g149) : (tensor<2x16xf32>, f32) -> !microscale.tensor<2x16, nvfp4>
  func.call @print_quantized2(%q149) : (!microscale.tensor<2x16, nvfp4>) -> ()
  // CHECK-LABEL: given 2^-149
  // CHECK-NEXT: codes: 7 0 8 0 0 0 0 0 0 0 0 0 0 0 0 0 scales: 126{{$}}
  // CHECK-NEXT: codes: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 scales: 0{{$}}

  // A computed global from amax_t = 1e-36: 2688 / amax_t overflows, g =
  // FLT_MAX. Row 0: s = e4m3(56.7) = 56 (code 102), f = FLT_MAX / 56,
  // -1e-36 -> -6.08 -> -6 (0xF), 1e-37 -> 0.61 -> 0.5 (code 1). Row 1:
  // s = e4m3(0.567) = 0.5625 (code 49), g / s overflows, f = FLT_MAX:
  // 1e-38 -> 3.4 -> 3 (code 5), -5e-39 -> -1.7 -> -1.5 (0xB). Row 2: s = 3 *
  // 2^-9 (code 3), f = FLT_MAX, 1e-40 -> 0.034 -> 0. Signed zeros stay.
  %y = arith.constant dense<[[-1.0e-36, 0.0, -0.0, 1.0e-37, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [1.0e-38, -0.0, 0.0, 0.0, -5.0e-39, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [1.0e-40, 0.0, 0.0, -0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<3x16xf32>
  vector.print str "computed, amax 1e-36\n"
  %qy = func.call @quantize_computed(%y) : (tensor<3x16xf32>) -> !microscale.tensor<3x16, nvfp4>
  %d, %s, %g = microscale.unpack %qy : !microscale.tensor<3x16, nvfp4> -> tensor<3x8xi8>, tensor<3x1xf8E4M3FN>, f32
  %s8 = arith.bitcast %s : tensor<3x1xf8E4M3FN> to tensor<3x1xi8>
  %dd = tensor.cast %d : tensor<3x8xi8> to tensor<?x?xi8>
  %sd = tensor.cast %s8 : tensor<3x1xi8> to tensor<?x?xi8>
  func.call @print_codes(%dd, %sd) : (tensor<?x?xi8>, tensor<?x?xi8>) -> ()
  // The stored global amax_t / 2688, a subnormal, as its bit pattern.
  %gbits = arith.bitcast %g : f32 to i32
  vector.print str "global bits: "
  vector.print %gbits : i32
  // CHECK-LABEL: computed, amax 1e-36
  // CHECK-NEXT: codes: 15 0 8 1 0 0 0 0 0 0 0 0 0 0 0 0 scales: 102{{$}}
  // CHECK-NEXT: codes: 5 8 0 0 11 0 0 0 0 0 0 0 0 0 0 0 scales: 49{{$}}
  // CHECK-NEXT: codes: 0 0 0 8 0 0 0 0 0 0 0 0 0 0 0 0 scales: 3{{$}}
  // CHECK-NEXT: global bits: 265485{{$}}
  return
}
