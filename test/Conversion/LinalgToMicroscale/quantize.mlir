// MX quantization written with upstream ops (as in mx-bench's
// kernels/upstream/quantize.mlir) becomes microscale.quantize where the
// upstream ops compute the same scales and codes; else a remark says why.
// RUN: mx-opt %s --raise-to-microscale -split-input-file -verify-diagnostics | FileCheck %s
// RUN: mx-opt %s --raise-to-microscale="truncf-floors=true" -split-input-file 2>&1 | FileCheck %s --check-prefix=FLOORS

// Floor rule: amax * 2^-2 truncated downward (E2M1).
// CHECK-LABEL: func.func @floor_mxfp4
// CHECK: %[[Q:.*]] = microscale.quantize %{{.*}} : tensor<?x64xf32> -> !microscale.tensor<?x64, mxfp4>
// CHECK: %[[D:.*]], %[[S:.*]] = microscale.unpack %[[Q]]
// CHECK: %[[C:.*]] = linalg.generic {{.*}} ins(%[[D]] : tensor<?x32xi8>)
// CHECK: %[[E:.*]] = tensor.expand_shape %[[C]]
// CHECK-NOT: arith.scaling_truncf
// CHECK: return %[[E]], %[[S]]

func.func @floor_mxfp4(%x: tensor<?x64xf32>) -> (tensor<?x2x32xf4E2M1FN>, tensor<?x2xf8E8M0FNU>) {
  %c0 = arith.constant 0 : index
  %m = tensor.dim %x, %c0 : tensor<?x64xf32>
  %x3 = tensor.expand_shape %x [[0], [1, 2]] output_shape [%m, 2, 32] : tensor<?x64xf32> into tensor<?x2x32xf32>
  %zero = arith.constant 0.0 : f32
  %ae = tensor.empty(%m) : tensor<?x2xf32>
  %az = linalg.fill ins(%zero : f32) outs(%ae : tensor<?x2xf32>) -> tensor<?x2xf32>
  %amax = linalg.generic {indexing_maps = [affine_map<(r, b, i) -> (r, b, i)>, affine_map<(r, b, i) -> (r, b)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x3 : tensor<?x2x32xf32>) outs(%az : tensor<?x2xf32>) {
    ^bb0(%v: f32, %acc: f32):
      %a = math.absf %v : f32
      %r = arith.maximumf %a, %acc : f32
      linalg.yield %r : f32
  } -> tensor<?x2xf32>
  %se = tensor.empty(%m) : tensor<?x2xf8E8M0FNU>
  %scales = linalg.generic {indexing_maps = [affine_map<(r, b) -> (r, b)>, affine_map<(r, b) -> (r, b)>], iterator_types = ["parallel", "parallel"]}
      ins(%amax : tensor<?x2xf32>) outs(%se : tensor<?x2xf8E8M0FNU>) {
    ^bb0(%a: f32, %o: f8E8M0FNU):
      %k = arith.constant 0.25 : f32
      %aq = arith.mulf %a, %k : f32
      %sv = arith.truncf %aq downward : f32 to f8E8M0FNU
      linalg.yield %sv : f8E8M0FNU
  } -> tensor<?x2xf8E8M0FNU>
  %qe = tensor.empty(%m) : tensor<?x2x32xf4E2M1FN>
  %q3 = linalg.generic {indexing_maps = [affine_map<(r, b, i) -> (r, b, i)>, affine_map<(r, b, i) -> (r, b)>, affine_map<(r, b, i) -> (r, b, i)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x3, %scales : tensor<?x2x32xf32>, tensor<?x2xf8E8M0FNU>) outs(%qe : tensor<?x2x32xf4E2M1FN>) {
    ^bb0(%v: f32, %sv: f8E8M0FNU, %o: f4E2M1FN):
      %qv = arith.scaling_truncf %v, %sv : f32, f8E8M0FNU to f4E2M1FN
      linalg.yield %qv : f4E2M1FN
  } -> tensor<?x2x32xf4E2M1FN>
  return %q3, %scales : tensor<?x2x32xf4E2M1FN>, tensor<?x2xf8E8M0FNU>
}

// -----

// rceil: amax / 448 truncated upward (E4M3).
// CHECK-LABEL: func.func @rceil_mxfp8
// CHECK: microscale.quantize %{{.*}} scale_rounding(rceil) : tensor<?x64xf32> -> !microscale.tensor<?x64, mxfp8_e4m3>

func.func @rceil_mxfp8(%x: tensor<?x64xf32>) -> (tensor<?x2x32xf8E4M3FN>, tensor<?x2xf8E8M0FNU>) {
  %c0 = arith.constant 0 : index
  %m = tensor.dim %x, %c0 : tensor<?x64xf32>
  %x3 = tensor.expand_shape %x [[0], [1, 2]] output_shape [%m, 2, 32] : tensor<?x64xf32> into tensor<?x2x32xf32>
  %zero = arith.constant 0.0 : f32
  %ae = tensor.empty(%m) : tensor<?x2xf32>
  %az = linalg.fill ins(%zero : f32) outs(%ae : tensor<?x2xf32>) -> tensor<?x2xf32>
  %amax = linalg.generic {indexing_maps = [affine_map<(r, b, i) -> (r, b, i)>, affine_map<(r, b, i) -> (r, b)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x3 : tensor<?x2x32xf32>) outs(%az : tensor<?x2xf32>) {
    ^bb0(%v: f32, %acc: f32):
      %a = math.absf %v : f32
      %r = arith.maximumf %a, %acc : f32
      linalg.yield %r : f32
  } -> tensor<?x2xf32>
  %se = tensor.empty(%m) : tensor<?x2xf8E8M0FNU>
  %scales = linalg.generic {indexing_maps = [affine_map<(r, b) -> (r, b)>, affine_map<(r, b) -> (r, b)>], iterator_types = ["parallel", "parallel"]}
      ins(%amax : tensor<?x2xf32>) outs(%se : tensor<?x2xf8E8M0FNU>) {
    ^bb0(%a: f32, %o: f8E8M0FNU):
      %k = arith.constant 448.0 : f32
      %aq = arith.divf %a, %k : f32
      %sv = arith.truncf %aq upward : f32 to f8E8M0FNU
      linalg.yield %sv : f8E8M0FNU
  } -> tensor<?x2xf8E8M0FNU>
  %qe = tensor.empty(%m) : tensor<?x2x32xf8E4M3FN>
  %q3 = linalg.generic {indexing_maps = [affine_map<(r, b, i) -> (r, b, i)>, affine_map<(r, b, i) -> (r, b)>, affine_map<(r, b, i) -> (r, b, i)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x3, %scales : tensor<?x2x32xf32>, tensor<?x2xf8E8M0FNU>) outs(%qe : tensor<?x2x32xf8E4M3FN>) {
    ^bb0(%v: f32, %sv: f8E8M0FNU, %o: f8E4M3FN):
      %qv = arith.scaling_truncf %v, %sv : f32, f8E8M0FNU to f8E4M3FN
      linalg.yield %qv : f8E4M3FN
  } -> tensor<?x2x32xf8E4M3FN>
  return %q3, %scales : tensor<?x2x32xf8E4M3FN>, tensor<?x2xf8E8M0FNU>
}

// -----

// truncf rounding to nearest (its default) is neither rule; with
// truncf-floors it is read the way arith-expand lowers it.
// CHECK-LABEL: func.func @nearest
// CHECK-NOT: microscale
// CHECK: arith.scaling_truncf
// FLOORS-LABEL: func.func @nearest
// FLOORS: microscale.quantize %{{.*}} : tensor<?x64xf32> -> !microscale.tensor<?x64, mxfp6_e3m2>

func.func @nearest(%x: tensor<?x64xf32>) -> (tensor<?x2x32xf6E3M2FN>, tensor<?x2xf8E8M0FNU>) {
  %c0 = arith.constant 0 : index
  %m = tensor.dim %x, %c0 : tensor<?x64xf32>
  %x3 = tensor.expand_shape %x [[0], [1, 2]] output_shape [%m, 2, 32] : tensor<?x64xf32> into tensor<?x2x32xf32>
  %zero = arith.constant 0.0 : f32
  %ae = tensor.empty(%m) : tensor<?x2xf32>
  %az = linalg.fill ins(%zero : f32) outs(%ae : tensor<?x2xf32>) -> tensor<?x2xf32>
  %amax = linalg.generic {indexing_maps = [affine_map<(r, b, i) -> (r, b, i)>, affine_map<(r, b, i) -> (r, b)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x3 : tensor<?x2x32xf32>) outs(%az : tensor<?x2xf32>) {
    ^bb0(%v: f32, %acc: f32):
      %a = math.absf %v : f32
      %r = arith.maximumf %a, %acc : f32
      linalg.yield %r : f32
  } -> tensor<?x2xf32>
  %se = tensor.empty(%m) : tensor<?x2xf8E8M0FNU>
  %scales = linalg.generic {indexing_maps = [affine_map<(r, b) -> (r, b)>, affine_map<(r, b) -> (r, b)>], iterator_types = ["parallel", "parallel"]}
      ins(%amax : tensor<?x2xf32>) outs(%se : tensor<?x2xf8E8M0FNU>) {
    ^bb0(%a: f32, %o: f8E8M0FNU):
      %k = arith.constant 0.0625 : f32
      %aq = arith.mulf %a, %k : f32
      %sv = arith.truncf %aq : f32 to f8E8M0FNU
      linalg.yield %sv : f8E8M0FNU
  } -> tensor<?x2xf8E8M0FNU>
  %qe = tensor.empty(%m) : tensor<?x2x32xf6E3M2FN>
  // expected-remark @below {{not raised to microscale.quantize: arith.truncf to f8E8M0FNU rounds to nearest by default}}
  %q3 = linalg.generic {indexing_maps = [affine_map<(r, b, i) -> (r, b, i)>, affine_map<(r, b, i) -> (r, b)>, affine_map<(r, b, i) -> (r, b, i)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x3, %scales : tensor<?x2x32xf32>, tensor<?x2xf8E8M0FNU>) outs(%qe : tensor<?x2x32xf6E3M2FN>) {
    ^bb0(%v: f32, %sv: f8E8M0FNU, %o: f6E3M2FN):
      %qv = arith.scaling_truncf %v, %sv : f32, f8E8M0FNU to f6E3M2FN
      linalg.yield %qv : f6E3M2FN
  } -> tensor<?x2x32xf6E3M2FN>
  return %q3, %scales : tensor<?x2x32xf6E3M2FN>, tensor<?x2xf8E8M0FNU>
}

// -----

// FP8 under the floor rule: truncf overflows to NaN where microscale
// saturates.
// CHECK-LABEL: func.func @floor_fp8
// CHECK-NOT: microscale
// CHECK: arith.scaling_truncf

func.func @floor_fp8(%x: tensor<?x64xf32>) -> (tensor<?x2x32xf8E4M3FN>, tensor<?x2xf8E8M0FNU>) {
  %c0 = arith.constant 0 : index
  %m = tensor.dim %x, %c0 : tensor<?x64xf32>
  %x3 = tensor.expand_shape %x [[0], [1, 2]] output_shape [%m, 2, 32] : tensor<?x64xf32> into tensor<?x2x32xf32>
  %zero = arith.constant 0.0 : f32
  %ae = tensor.empty(%m) : tensor<?x2xf32>
  %az = linalg.fill ins(%zero : f32) outs(%ae : tensor<?x2xf32>) -> tensor<?x2xf32>
  %amax = linalg.generic {indexing_maps = [affine_map<(r, b, i) -> (r, b, i)>, affine_map<(r, b, i) -> (r, b)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x3 : tensor<?x2x32xf32>) outs(%az : tensor<?x2xf32>) {
    ^bb0(%v: f32, %acc: f32):
      %a = math.absf %v : f32
      %r = arith.maximumf %a, %acc : f32
      linalg.yield %r : f32
  } -> tensor<?x2xf32>
  %se = tensor.empty(%m) : tensor<?x2xf8E8M0FNU>
  %scales = linalg.generic {indexing_maps = [affine_map<(r, b) -> (r, b)>, affine_map<(r, b) -> (r, b)>], iterator_types = ["parallel", "parallel"]}
      ins(%amax : tensor<?x2xf32>) outs(%se : tensor<?x2xf8E8M0FNU>) {
    ^bb0(%a: f32, %o: f8E8M0FNU):
      %k = arith.constant 0.00390625 : f32
      %aq = arith.mulf %a, %k : f32
      %sv = arith.truncf %aq downward : f32 to f8E8M0FNU
      linalg.yield %sv : f8E8M0FNU
  } -> tensor<?x2xf8E8M0FNU>
  %qe = tensor.empty(%m) : tensor<?x2x32xf8E4M3FN>
  // expected-remark @below {{under the floor rule an FP8 element overflows}}
  %q3 = linalg.generic {indexing_maps = [affine_map<(r, b, i) -> (r, b, i)>, affine_map<(r, b, i) -> (r, b)>, affine_map<(r, b, i) -> (r, b, i)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x3, %scales : tensor<?x2x32xf32>, tensor<?x2xf8E8M0FNU>) outs(%qe : tensor<?x2x32xf8E4M3FN>) {
    ^bb0(%v: f32, %sv: f8E8M0FNU, %o: f8E4M3FN):
      %qv = arith.scaling_truncf %v, %sv : f32, f8E8M0FNU to f8E4M3FN
      linalg.yield %qv : f8E4M3FN
  } -> tensor<?x2x32xf8E4M3FN>
  return %q3, %scales : tensor<?x2x32xf8E4M3FN>, tensor<?x2xf8E8M0FNU>
}
