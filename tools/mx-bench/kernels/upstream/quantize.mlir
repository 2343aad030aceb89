// Baseline (b) of mx-bench for quantization: f32 -> MXFP4 written with
// upstream MLIR 22 ops only (linalg.generic, math.absf, arith.truncf to
// f8E8M0FNU, arith.scaling_truncf). Storage as in matmul.mlir: the f4E2M1FN
// result memref holds one code per byte (LLVM's i4 takes a byte), the
// f8E8M0FNU scales one byte per block of 32, row-major [M, K / 32].
// Rows (M) are dynamic. Lowered with upstream passes only (see README.md).

// MXFP4 quantization, OCP `floor` scale rule: e = floor(log2(amax)) - 2.
// amax * 0.25 is exact, and arith-expand's truncf to f8E8M0FNU keeps the
// exponent field (it floors), so the scale matches the rule bit for bit. The
// elements go through `arith.scaling_truncf`, whose f4E2M1FN conversion
// (arith-expand) rounds ties away from zero and loses the sign of small
// negatives (Numerics §1): mx-bench counts the codes that differ.
func.func @up_quantize_mxfp4_k4096(%x: tensor<?x4096xf32>) -> (tensor<?x4096xf4E2M1FN>, tensor<?x128xf8E8M0FNU>) attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %m = tensor.dim %x, %c0 : tensor<?x4096xf32>
  %x3 = tensor.expand_shape %x [[0], [1, 2]] output_shape [%m, 128, 32] : tensor<?x4096xf32> into tensor<?x128x32xf32>
  %zero = arith.constant 0.0 : f32
  %ae = tensor.empty(%m) : tensor<?x128xf32>
  %az = linalg.fill ins(%zero : f32) outs(%ae : tensor<?x128xf32>) -> tensor<?x128xf32>
  %amax = linalg.generic {indexing_maps = [affine_map<(r, b, i) -> (r, b, i)>, affine_map<(r, b, i) -> (r, b)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x3 : tensor<?x128x32xf32>) outs(%az : tensor<?x128xf32>) {
    ^bb0(%v: f32, %acc: f32):
      %a = math.absf %v : f32
      %r = arith.maximumf %a, %acc : f32
      linalg.yield %r : f32
  } -> tensor<?x128xf32>
  %se = tensor.empty(%m) : tensor<?x128xf8E8M0FNU>
  %scales = linalg.generic {indexing_maps = [affine_map<(r, b) -> (r, b)>, affine_map<(r, b) -> (r, b)>], iterator_types = ["parallel", "parallel"]}
      ins(%amax : tensor<?x128xf32>) outs(%se : tensor<?x128xf8E8M0FNU>) {
    ^bb0(%a: f32, %o: f8E8M0FNU):
      %quarter = arith.constant 0.25 : f32  // 2^-emax_elem, emax_elem(E2M1) = 2
      %aq = arith.mulf %a, %quarter : f32
      %sv = arith.truncf %aq : f32 to f8E8M0FNU
      linalg.yield %sv : f8E8M0FNU
  } -> tensor<?x128xf8E8M0FNU>
  %qe = tensor.empty(%m) : tensor<?x128x32xf4E2M1FN>
  %q3 = linalg.generic {indexing_maps = [affine_map<(r, b, i) -> (r, b, i)>, affine_map<(r, b, i) -> (r, b)>, affine_map<(r, b, i) -> (r, b, i)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x3, %scales : tensor<?x128x32xf32>, tensor<?x128xf8E8M0FNU>) outs(%qe : tensor<?x128x32xf4E2M1FN>) {
    ^bb0(%v: f32, %sv: f8E8M0FNU, %o: f4E2M1FN):
      %qv = arith.scaling_truncf %v, %sv : f32, f8E8M0FNU to f4E2M1FN
      linalg.yield %qv : f4E2M1FN
  } -> tensor<?x128x32xf4E2M1FN>
  %q = tensor.collapse_shape %q3 [[0], [1, 2]] : tensor<?x128x32xf4E2M1FN> into tensor<?x4096xf4E2M1FN>
  return %q, %scales : tensor<?x4096xf4E2M1FN>, tensor<?x128xf8E8M0FNU>
}

// MXFP4 quantization, OCP `floor` scale rule: e = floor(log2(amax)) - 2.
// amax * 0.25 is exact, and arith-expand's truncf to f8E8M0FNU keeps the
// exponent field (it floors), so the scale matches the rule bit for bit. The
// elements go through `arith.scaling_truncf`, whose f4E2M1FN conversion
// (arith-expand) rounds ties away from zero and loses the sign of small
// negatives (Numerics §1): mx-bench counts the codes that differ.
func.func @up_quantize_mxfp4_k256(%x: tensor<?x256xf32>) -> (tensor<?x256xf4E2M1FN>, tensor<?x8xf8E8M0FNU>) attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %m = tensor.dim %x, %c0 : tensor<?x256xf32>
  %x3 = tensor.expand_shape %x [[0], [1, 2]] output_shape [%m, 8, 32] : tensor<?x256xf32> into tensor<?x8x32xf32>
  %zero = arith.constant 0.0 : f32
  %ae = tensor.empty(%m) : tensor<?x8xf32>
  %az = linalg.fill ins(%zero : f32) outs(%ae : tensor<?x8xf32>) -> tensor<?x8xf32>
  %amax = linalg.generic {indexing_maps = [affine_map<(r, b, i) -> (r, b, i)>, affine_map<(r, b, i) -> (r, b)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x3 : tensor<?x8x32xf32>) outs(%az : tensor<?x8xf32>) {
    ^bb0(%v: f32, %acc: f32):
      %a = math.absf %v : f32
      %r = arith.maximumf %a, %acc : f32
      linalg.yield %r : f32
  } -> tensor<?x8xf32>
  %se = tensor.empty(%m) : tensor<?x8xf8E8M0FNU>
  %scales = linalg.generic {indexing_maps = [affine_map<(r, b) -> (r, b)>, affine_map<(r, b) -> (r, b)>], iterator_types = ["parallel", "parallel"]}
      ins(%amax : tensor<?x8xf32>) outs(%se : tensor<?x8xf8E8M0FNU>) {
    ^bb0(%a: f32, %o: f8E8M0FNU):
      %quarter = arith.constant 0.25 : f32  // 2^-emax_elem, emax_elem(E2M1) = 2
      %aq = arith.mulf %a, %quarter : f32
      %sv = arith.truncf %aq : f32 to f8E8M0FNU
      linalg.yield %sv : f8E8M0FNU
  } -> tensor<?x8xf8E8M0FNU>
  %qe = tensor.empty(%m) : tensor<?x8x32xf4E2M1FN>
  %q3 = linalg.generic {indexing_maps = [affine_map<(r, b, i) -> (r, b, i)>, affine_map<(r, b, i) -> (r, b)>, affine_map<(r, b, i) -> (r, b, i)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x3, %scales : tensor<?x8x32xf32>, tensor<?x8xf8E8M0FNU>) outs(%qe : tensor<?x8x32xf4E2M1FN>) {
    ^bb0(%v: f32, %sv: f8E8M0FNU, %o: f4E2M1FN):
      %qv = arith.scaling_truncf %v, %sv : f32, f8E8M0FNU to f4E2M1FN
      linalg.yield %qv : f4E2M1FN
  } -> tensor<?x8x32xf4E2M1FN>
  %q = tensor.collapse_shape %q3 [[0], [1, 2]] : tensor<?x8x32xf4E2M1FN> into tensor<?x256xf4E2M1FN>
  return %q, %scales : tensor<?x256xf4E2M1FN>, tensor<?x8xf8E8M0FNU>
}
