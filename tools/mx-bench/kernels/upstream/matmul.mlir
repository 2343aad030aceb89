// Baseline (b) of mx-bench: what upstream MLIR 22 offers a user today for
// block-scaled matmuls, written the way a user would: a linalg.generic that
// dequantizes the weights with `arith.scaling_extf` into an f32 matrix, then
// `linalg.matmul` with the transposed-B indexing maps (C = A . W^T, both
// operands K-major, W given N x K).
//
// Storage a user of upstream MLIR has: memrefs of f4E2M1FN / f8E4M3FN /
// f8E8M0FNU. The LLVM lowering maps f4E2M1FN to i4, and an i4 occupies one
// byte in memory, so an upstream f4E2M1FN memref holds ONE E2M1 code per byte
// (low nibble, high nibble zero): twice the bytes of packed MXFP4 storage.
// mx-bench unpacks the same quantized data into that layout. Scales are one
// byte each (f8E8M0FNU, or f8E4M3FN for NVFP4), row-major [N, K / block],
// exactly the bytes microscale uses.
//
// Two gaps of upstream MLIR 22 shape these kernels:
//  * `arith.scaling_extf` with f8E4M3FN elements (MXFP8) or f8E4M3FN scales
//    (NVFP4) has no CPU lowering: `arith-expand` expands only f4E2M1FN and
//    f8E8M0FNU, and `convert-arith-to-llvm` leaves `arith.extf` from
//    f8E4M3FN unconverted. Those kernels decode E4M3 with integer arith ops
//    (exact, branch-free), the cheapest workaround a user has; E8M0 scales
//    still go through `arith.extf` (expanded by arith-expand).
//  * Nothing fuses the dequantization into the matmul: the f32 weight
//    matrix is materialized on every call.
//
// M (rows of A) is dynamic, as in a linear layer; N and K are static.
// Lowered by CMakeLists.txt with upstream passes only (see README.md).

#id = affine_map<(n, k) -> (n, k)>
#blk32 = affine_map<(n, k) -> (n, k floordiv 32)>
#blk16 = affine_map<(n, k) -> (n, k floordiv 16)>
#mm_a = affine_map<(m, n, k) -> (m, k)>
#mm_b = affine_map<(m, n, k) -> (n, k)>
#mm_c = affine_map<(m, n, k) -> (m, n)>

//===- Benchmark shapes: K = 4096 ---------------------------------------===//

func.func @up_mm_mxfp4_f32_n4096(%x: tensor<?x4096xf32>, %w: tensor<4096x4096xf4E2M1FN>, %s: tensor<4096x128xf8E8M0FNU>) -> tensor<?x4096xf32> attributes {llvm.emit_c_interface} {
  %wd_e = tensor.empty() : tensor<4096x4096xf32>
  %wd = linalg.generic {indexing_maps = [#id, #blk32, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<4096x4096xf4E2M1FN>, tensor<4096x128xf8E8M0FNU>) outs(%wd_e : tensor<4096x4096xf32>) {
    ^bb0(%qv: f4E2M1FN, %sv: f8E8M0FNU, %o: f32):
      %v = arith.scaling_extf %qv, %sv : f4E2M1FN, f8E8M0FNU to f32
      linalg.yield %v : f32
  } -> tensor<4096x4096xf32>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %x, %c0 : tensor<?x4096xf32>
  %zero = arith.constant 0.0 : f32
  %ce = tensor.empty(%m) : tensor<?x4096xf32>
  %cz = linalg.fill ins(%zero : f32) outs(%ce : tensor<?x4096xf32>) -> tensor<?x4096xf32>
  %c = linalg.matmul indexing_maps = [#mm_a, #mm_b, #mm_c]
      ins(%x, %wd : tensor<?x4096xf32>, tensor<4096x4096xf32>) outs(%cz : tensor<?x4096xf32>) -> tensor<?x4096xf32>
  return %c : tensor<?x4096xf32>
}

func.func @up_mm_mxfp4_f32_n14336(%x: tensor<?x4096xf32>, %w: tensor<14336x4096xf4E2M1FN>, %s: tensor<14336x128xf8E8M0FNU>) -> tensor<?x14336xf32> attributes {llvm.emit_c_interface} {
  %wd_e = tensor.empty() : tensor<14336x4096xf32>
  %wd = linalg.generic {indexing_maps = [#id, #blk32, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<14336x4096xf4E2M1FN>, tensor<14336x128xf8E8M0FNU>) outs(%wd_e : tensor<14336x4096xf32>) {
    ^bb0(%qv: f4E2M1FN, %sv: f8E8M0FNU, %o: f32):
      %v = arith.scaling_extf %qv, %sv : f4E2M1FN, f8E8M0FNU to f32
      linalg.yield %v : f32
  } -> tensor<14336x4096xf32>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %x, %c0 : tensor<?x4096xf32>
  %zero = arith.constant 0.0 : f32
  %ce = tensor.empty(%m) : tensor<?x14336xf32>
  %cz = linalg.fill ins(%zero : f32) outs(%ce : tensor<?x14336xf32>) -> tensor<?x14336xf32>
  %c = linalg.matmul indexing_maps = [#mm_a, #mm_b, #mm_c]
      ins(%x, %wd : tensor<?x4096xf32>, tensor<14336x4096xf32>) outs(%cz : tensor<?x14336xf32>) -> tensor<?x14336xf32>
  return %c : tensor<?x14336xf32>
}

func.func @up_mm_nvfp4_f32_n4096(%x: tensor<?x4096xf32>, %w: tensor<4096x4096xf4E2M1FN>, %s: tensor<4096x256xf8E4M3FN>, %g: f32) -> tensor<?x4096xf32> attributes {llvm.emit_c_interface} {
  %wd_e = tensor.empty() : tensor<4096x4096xf32>
  %wd = linalg.generic {indexing_maps = [#id, #blk16, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<4096x4096xf4E2M1FN>, tensor<4096x256xf8E4M3FN>) outs(%wd_e : tensor<4096x4096xf32>) {
    ^bb0(%qv: f4E2M1FN, %s8: f8E4M3FN, %o: f32):
      %c127 = arith.constant 127 : i32
      %c24 = arith.constant 24 : i32
      %c20 = arith.constant 20 : i32
      %c8 = arith.constant 8 : i32
      %c_bias = arith.constant 1006632960 : i32  // 120 << 23
      %c_nan = arith.constant 2143289344 : i32   // 0x7FC00000
      %c_2m9 = arith.constant 0.001953125 : f32  // 2^-9
      // E4M3 -> f32 without arith.extf (no CPU lowering upstream).
      %sf_b = arith.bitcast %s8 : f8E4M3FN to i8
      %sf_i = arith.extui %sf_b : i8 to i32
      %sf_mag = arith.andi %sf_i, %c127 : i32
      %sf_sgn = arith.subi %sf_i, %sf_mag : i32
      %sf_sgnbit = arith.shli %sf_sgn, %c24 : i32
      %sf_nb0 = arith.shli %sf_mag, %c20 : i32
      %sf_nb = arith.addi %sf_nb0, %c_bias : i32
      %sf_sub = arith.uitofp %sf_mag : i32 to f32
      %sf_subv = arith.mulf %sf_sub, %c_2m9 : f32
      %sf_subb = arith.bitcast %sf_subv : f32 to i32
      %sf_issub = arith.cmpi ult, %sf_mag, %c8 : i32
      %sf_m0 = arith.select %sf_issub, %sf_subb, %sf_nb : i32
      %sf_isnan = arith.cmpi eq, %sf_mag, %c127 : i32
      %sf_m1 = arith.select %sf_isnan, %c_nan, %sf_m0 : i32
      %sf_bits = arith.ori %sf_m1, %sf_sgnbit : i32
      %sf = arith.bitcast %sf_bits : i32 to f32
      %qf = arith.extf %qv : f4E2M1FN to f32
      %v0 = arith.mulf %qf, %sf : f32
      %v = arith.mulf %v0, %g : f32
      linalg.yield %v : f32
  } -> tensor<4096x4096xf32>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %x, %c0 : tensor<?x4096xf32>
  %zero = arith.constant 0.0 : f32
  %ce = tensor.empty(%m) : tensor<?x4096xf32>
  %cz = linalg.fill ins(%zero : f32) outs(%ce : tensor<?x4096xf32>) -> tensor<?x4096xf32>
  %c = linalg.matmul indexing_maps = [#mm_a, #mm_b, #mm_c]
      ins(%x, %wd : tensor<?x4096xf32>, tensor<4096x4096xf32>) outs(%cz : tensor<?x4096xf32>) -> tensor<?x4096xf32>
  return %c : tensor<?x4096xf32>
}

func.func @up_mm_nvfp4_f32_n14336(%x: tensor<?x4096xf32>, %w: tensor<14336x4096xf4E2M1FN>, %s: tensor<14336x256xf8E4M3FN>, %g: f32) -> tensor<?x14336xf32> attributes {llvm.emit_c_interface} {
  %wd_e = tensor.empty() : tensor<14336x4096xf32>
  %wd = linalg.generic {indexing_maps = [#id, #blk16, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<14336x4096xf4E2M1FN>, tensor<14336x256xf8E4M3FN>) outs(%wd_e : tensor<14336x4096xf32>) {
    ^bb0(%qv: f4E2M1FN, %s8: f8E4M3FN, %o: f32):
      %c127 = arith.constant 127 : i32
      %c24 = arith.constant 24 : i32
      %c20 = arith.constant 20 : i32
      %c8 = arith.constant 8 : i32
      %c_bias = arith.constant 1006632960 : i32  // 120 << 23
      %c_nan = arith.constant 2143289344 : i32   // 0x7FC00000
      %c_2m9 = arith.constant 0.001953125 : f32  // 2^-9
      // E4M3 -> f32 without arith.extf (no CPU lowering upstream).
      %sf_b = arith.bitcast %s8 : f8E4M3FN to i8
      %sf_i = arith.extui %sf_b : i8 to i32
      %sf_mag = arith.andi %sf_i, %c127 : i32
      %sf_sgn = arith.subi %sf_i, %sf_mag : i32
      %sf_sgnbit = arith.shli %sf_sgn, %c24 : i32
      %sf_nb0 = arith.shli %sf_mag, %c20 : i32
      %sf_nb = arith.addi %sf_nb0, %c_bias : i32
      %sf_sub = arith.uitofp %sf_mag : i32 to f32
      %sf_subv = arith.mulf %sf_sub, %c_2m9 : f32
      %sf_subb = arith.bitcast %sf_subv : f32 to i32
      %sf_issub = arith.cmpi ult, %sf_mag, %c8 : i32
      %sf_m0 = arith.select %sf_issub, %sf_subb, %sf_nb : i32
      %sf_isnan = arith.cmpi eq, %sf_mag, %c127 : i32
      %sf_m1 = arith.select %sf_isnan, %c_nan, %sf_m0 : i32
      %sf_bits = arith.ori %sf_m1, %sf_sgnbit : i32
      %sf = arith.bitcast %sf_bits : i32 to f32
      %qf = arith.extf %qv : f4E2M1FN to f32
      %v0 = arith.mulf %qf, %sf : f32
      %v = arith.mulf %v0, %g : f32
      linalg.yield %v : f32
  } -> tensor<14336x4096xf32>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %x, %c0 : tensor<?x4096xf32>
  %zero = arith.constant 0.0 : f32
  %ce = tensor.empty(%m) : tensor<?x14336xf32>
  %cz = linalg.fill ins(%zero : f32) outs(%ce : tensor<?x14336xf32>) -> tensor<?x14336xf32>
  %c = linalg.matmul indexing_maps = [#mm_a, #mm_b, #mm_c]
      ins(%x, %wd : tensor<?x4096xf32>, tensor<14336x4096xf32>) outs(%cz : tensor<?x14336xf32>) -> tensor<?x14336xf32>
  return %c : tensor<?x14336xf32>
}

func.func @up_mm_mxfp8_f32_n4096(%x: tensor<?x4096xf32>, %w: tensor<4096x4096xf8E4M3FN>, %s: tensor<4096x128xf8E8M0FNU>) -> tensor<?x4096xf32> attributes {llvm.emit_c_interface} {
  %wd_e = tensor.empty() : tensor<4096x4096xf32>
  %wd = linalg.generic {indexing_maps = [#id, #blk32, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<4096x4096xf8E4M3FN>, tensor<4096x128xf8E8M0FNU>) outs(%wd_e : tensor<4096x4096xf32>) {
    ^bb0(%qv: f8E4M3FN, %sv: f8E8M0FNU, %o: f32):
      %c127 = arith.constant 127 : i32
      %c24 = arith.constant 24 : i32
      %c20 = arith.constant 20 : i32
      %c8 = arith.constant 8 : i32
      %c_bias = arith.constant 1006632960 : i32  // 120 << 23
      %c_nan = arith.constant 2143289344 : i32   // 0x7FC00000
      %c_2m9 = arith.constant 0.001953125 : f32  // 2^-9
      // E4M3 -> f32 without arith.extf (no CPU lowering upstream).
      %qf_b = arith.bitcast %qv : f8E4M3FN to i8
      %qf_i = arith.extui %qf_b : i8 to i32
      %qf_mag = arith.andi %qf_i, %c127 : i32
      %qf_sgn = arith.subi %qf_i, %qf_mag : i32
      %qf_sgnbit = arith.shli %qf_sgn, %c24 : i32
      %qf_nb0 = arith.shli %qf_mag, %c20 : i32
      %qf_nb = arith.addi %qf_nb0, %c_bias : i32
      %qf_sub = arith.uitofp %qf_mag : i32 to f32
      %qf_subv = arith.mulf %qf_sub, %c_2m9 : f32
      %qf_subb = arith.bitcast %qf_subv : f32 to i32
      %qf_issub = arith.cmpi ult, %qf_mag, %c8 : i32
      %qf_m0 = arith.select %qf_issub, %qf_subb, %qf_nb : i32
      %qf_isnan = arith.cmpi eq, %qf_mag, %c127 : i32
      %qf_m1 = arith.select %qf_isnan, %c_nan, %qf_m0 : i32
      %qf_bits = arith.ori %qf_m1, %qf_sgnbit : i32
      %qf = arith.bitcast %qf_bits : i32 to f32
      %sf = arith.extf %sv : f8E8M0FNU to f32
      %v = arith.mulf %qf, %sf : f32
      linalg.yield %v : f32
  } -> tensor<4096x4096xf32>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %x, %c0 : tensor<?x4096xf32>
  %zero = arith.constant 0.0 : f32
  %ce = tensor.empty(%m) : tensor<?x4096xf32>
  %cz = linalg.fill ins(%zero : f32) outs(%ce : tensor<?x4096xf32>) -> tensor<?x4096xf32>
  %c = linalg.matmul indexing_maps = [#mm_a, #mm_b, #mm_c]
      ins(%x, %wd : tensor<?x4096xf32>, tensor<4096x4096xf32>) outs(%cz : tensor<?x4096xf32>) -> tensor<?x4096xf32>
  return %c : tensor<?x4096xf32>
}

func.func @up_mm_mxfp8_f32_n14336(%x: tensor<?x4096xf32>, %w: tensor<14336x4096xf8E4M3FN>, %s: tensor<14336x128xf8E8M0FNU>) -> tensor<?x14336xf32> attributes {llvm.emit_c_interface} {
  %wd_e = tensor.empty() : tensor<14336x4096xf32>
  %wd = linalg.generic {indexing_maps = [#id, #blk32, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<14336x4096xf8E4M3FN>, tensor<14336x128xf8E8M0FNU>) outs(%wd_e : tensor<14336x4096xf32>) {
    ^bb0(%qv: f8E4M3FN, %sv: f8E8M0FNU, %o: f32):
      %c127 = arith.constant 127 : i32
      %c24 = arith.constant 24 : i32
      %c20 = arith.constant 20 : i32
      %c8 = arith.constant 8 : i32
      %c_bias = arith.constant 1006632960 : i32  // 120 << 23
      %c_nan = arith.constant 2143289344 : i32   // 0x7FC00000
      %c_2m9 = arith.constant 0.001953125 : f32  // 2^-9
      // E4M3 -> f32 without arith.extf (no CPU lowering upstream).
      %qf_b = arith.bitcast %qv : f8E4M3FN to i8
      %qf_i = arith.extui %qf_b : i8 to i32
      %qf_mag = arith.andi %qf_i, %c127 : i32
      %qf_sgn = arith.subi %qf_i, %qf_mag : i32
      %qf_sgnbit = arith.shli %qf_sgn, %c24 : i32
      %qf_nb0 = arith.shli %qf_mag, %c20 : i32
      %qf_nb = arith.addi %qf_nb0, %c_bias : i32
      %qf_sub = arith.uitofp %qf_mag : i32 to f32
      %qf_subv = arith.mulf %qf_sub, %c_2m9 : f32
      %qf_subb = arith.bitcast %qf_subv : f32 to i32
      %qf_issub = arith.cmpi ult, %qf_mag, %c8 : i32
      %qf_m0 = arith.select %qf_issub, %qf_subb, %qf_nb : i32
      %qf_isnan = arith.cmpi eq, %qf_mag, %c127 : i32
      %qf_m1 = arith.select %qf_isnan, %c_nan, %qf_m0 : i32
      %qf_bits = arith.ori %qf_m1, %qf_sgnbit : i32
      %qf = arith.bitcast %qf_bits : i32 to f32
      %sf = arith.extf %sv : f8E8M0FNU to f32
      %v = arith.mulf %qf, %sf : f32
      linalg.yield %v : f32
  } -> tensor<14336x4096xf32>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %x, %c0 : tensor<?x4096xf32>
  %zero = arith.constant 0.0 : f32
  %ce = tensor.empty(%m) : tensor<?x14336xf32>
  %cz = linalg.fill ins(%zero : f32) outs(%ce : tensor<?x14336xf32>) -> tensor<?x14336xf32>
  %c = linalg.matmul indexing_maps = [#mm_a, #mm_b, #mm_c]
      ins(%x, %wd : tensor<?x4096xf32>, tensor<14336x4096xf32>) outs(%cz : tensor<?x14336xf32>) -> tensor<?x14336xf32>
  return %c : tensor<?x14336xf32>
}

func.func @up_mm_mxfp4_bf16_n4096(%x: tensor<?x4096xbf16>, %w: tensor<4096x4096xf4E2M1FN>, %s: tensor<4096x128xf8E8M0FNU>) -> tensor<?x4096xf32> attributes {llvm.emit_c_interface} {
  %wd_e = tensor.empty() : tensor<4096x4096xf32>
  %wd = linalg.generic {indexing_maps = [#id, #blk32, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<4096x4096xf4E2M1FN>, tensor<4096x128xf8E8M0FNU>) outs(%wd_e : tensor<4096x4096xf32>) {
    ^bb0(%qv: f4E2M1FN, %sv: f8E8M0FNU, %o: f32):
      %v = arith.scaling_extf %qv, %sv : f4E2M1FN, f8E8M0FNU to f32
      linalg.yield %v : f32
  } -> tensor<4096x4096xf32>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %x, %c0 : tensor<?x4096xbf16>
  %zero = arith.constant 0.0 : f32
  %ce = tensor.empty(%m) : tensor<?x4096xf32>
  %cz = linalg.fill ins(%zero : f32) outs(%ce : tensor<?x4096xf32>) -> tensor<?x4096xf32>
  %c = linalg.matmul indexing_maps = [#mm_a, #mm_b, #mm_c]
      ins(%x, %wd : tensor<?x4096xbf16>, tensor<4096x4096xf32>) outs(%cz : tensor<?x4096xf32>) -> tensor<?x4096xf32>
  return %c : tensor<?x4096xf32>
}

func.func @up_mm_mxfp4_mxfp4_n4096(%a: tensor<?x4096xf4E2M1FN>, %as: tensor<?x128xf8E8M0FNU>, %w: tensor<4096x4096xf4E2M1FN>, %s: tensor<4096x128xf8E8M0FNU>) -> tensor<?x4096xf32> attributes {llvm.emit_c_interface} {
  %i0 = arith.constant 0 : index
  %ad_rows = tensor.dim %a, %i0 : tensor<?x4096xf4E2M1FN>
  %ad_e = tensor.empty(%ad_rows) : tensor<?x4096xf32>
  %ad = linalg.generic {indexing_maps = [#id, #blk32, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a, %as : tensor<?x4096xf4E2M1FN>, tensor<?x128xf8E8M0FNU>) outs(%ad_e : tensor<?x4096xf32>) {
    ^bb0(%qv: f4E2M1FN, %sv: f8E8M0FNU, %o: f32):
      %v = arith.scaling_extf %qv, %sv : f4E2M1FN, f8E8M0FNU to f32
      linalg.yield %v : f32
  } -> tensor<?x4096xf32>
  %wd_e = tensor.empty() : tensor<4096x4096xf32>
  %wd = linalg.generic {indexing_maps = [#id, #blk32, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<4096x4096xf4E2M1FN>, tensor<4096x128xf8E8M0FNU>) outs(%wd_e : tensor<4096x4096xf32>) {
    ^bb0(%qv: f4E2M1FN, %sv: f8E8M0FNU, %o: f32):
      %v = arith.scaling_extf %qv, %sv : f4E2M1FN, f8E8M0FNU to f32
      linalg.yield %v : f32
  } -> tensor<4096x4096xf32>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %ad, %c0 : tensor<?x4096xf32>
  %zero = arith.constant 0.0 : f32
  %ce = tensor.empty(%m) : tensor<?x4096xf32>
  %cz = linalg.fill ins(%zero : f32) outs(%ce : tensor<?x4096xf32>) -> tensor<?x4096xf32>
  %c = linalg.matmul indexing_maps = [#mm_a, #mm_b, #mm_c]
      ins(%ad, %wd : tensor<?x4096xf32>, tensor<4096x4096xf32>) outs(%cz : tensor<?x4096xf32>) -> tensor<?x4096xf32>
  return %c : tensor<?x4096xf32>
}

//===- Smoke-test shapes: N = 64, K = 256 -------------------------------===//

func.func @up_mm_mxfp4_f32_n64_k256(%x: tensor<?x256xf32>, %w: tensor<64x256xf4E2M1FN>, %s: tensor<64x8xf8E8M0FNU>) -> tensor<?x64xf32> attributes {llvm.emit_c_interface} {
  %wd_e = tensor.empty() : tensor<64x256xf32>
  %wd = linalg.generic {indexing_maps = [#id, #blk32, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<64x256xf4E2M1FN>, tensor<64x8xf8E8M0FNU>) outs(%wd_e : tensor<64x256xf32>) {
    ^bb0(%qv: f4E2M1FN, %sv: f8E8M0FNU, %o: f32):
      %v = arith.scaling_extf %qv, %sv : f4E2M1FN, f8E8M0FNU to f32
      linalg.yield %v : f32
  } -> tensor<64x256xf32>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %x, %c0 : tensor<?x256xf32>
  %zero = arith.constant 0.0 : f32
  %ce = tensor.empty(%m) : tensor<?x64xf32>
  %cz = linalg.fill ins(%zero : f32) outs(%ce : tensor<?x64xf32>) -> tensor<?x64xf32>
  %c = linalg.matmul indexing_maps = [#mm_a, #mm_b, #mm_c]
      ins(%x, %wd : tensor<?x256xf32>, tensor<64x256xf32>) outs(%cz : tensor<?x64xf32>) -> tensor<?x64xf32>
  return %c : tensor<?x64xf32>
}

func.func @up_mm_nvfp4_f32_n64_k256(%x: tensor<?x256xf32>, %w: tensor<64x256xf4E2M1FN>, %s: tensor<64x16xf8E4M3FN>, %g: f32) -> tensor<?x64xf32> attributes {llvm.emit_c_interface} {
  %wd_e = tensor.empty() : tensor<64x256xf32>
  %wd = linalg.generic {indexing_maps = [#id, #blk16, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<64x256xf4E2M1FN>, tensor<64x16xf8E4M3FN>) outs(%wd_e : tensor<64x256xf32>) {
    ^bb0(%qv: f4E2M1FN, %s8: f8E4M3FN, %o: f32):
      %c127 = arith.constant 127 : i32
      %c24 = arith.constant 24 : i32
      %c20 = arith.constant 20 : i32
      %c8 = arith.constant 8 : i32
      %c_bias = arith.constant 1006632960 : i32  // 120 << 23
      %c_nan = arith.constant 2143289344 : i32   // 0x7FC00000
      %c_2m9 = arith.constant 0.001953125 : f32  // 2^-9
      // E4M3 -> f32 without arith.extf (no CPU lowering upstream).
      %sf_b = arith.bitcast %s8 : f8E4M3FN to i8
      %sf_i = arith.extui %sf_b : i8 to i32
      %sf_mag = arith.andi %sf_i, %c127 : i32
      %sf_sgn = arith.subi %sf_i, %sf_mag : i32
      %sf_sgnbit = arith.shli %sf_sgn, %c24 : i32
      %sf_nb0 = arith.shli %sf_mag, %c20 : i32
      %sf_nb = arith.addi %sf_nb0, %c_bias : i32
      %sf_sub = arith.uitofp %sf_mag : i32 to f32
      %sf_subv = arith.mulf %sf_sub, %c_2m9 : f32
      %sf_subb = arith.bitcast %sf_subv : f32 to i32
      %sf_issub = arith.cmpi ult, %sf_mag, %c8 : i32
      %sf_m0 = arith.select %sf_issub, %sf_subb, %sf_nb : i32
      %sf_isnan = arith.cmpi eq, %sf_mag, %c127 : i32
      %sf_m1 = arith.select %sf_isnan, %c_nan, %sf_m0 : i32
      %sf_bits = arith.ori %sf_m1, %sf_sgnbit : i32
      %sf = arith.bitcast %sf_bits : i32 to f32
      %qf = arith.extf %qv : f4E2M1FN to f32
      %v0 = arith.mulf %qf, %sf : f32
      %v = arith.mulf %v0, %g : f32
      linalg.yield %v : f32
  } -> tensor<64x256xf32>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %x, %c0 : tensor<?x256xf32>
  %zero = arith.constant 0.0 : f32
  %ce = tensor.empty(%m) : tensor<?x64xf32>
  %cz = linalg.fill ins(%zero : f32) outs(%ce : tensor<?x64xf32>) -> tensor<?x64xf32>
  %c = linalg.matmul indexing_maps = [#mm_a, #mm_b, #mm_c]
      ins(%x, %wd : tensor<?x256xf32>, tensor<64x256xf32>) outs(%cz : tensor<?x64xf32>) -> tensor<?x64xf32>
  return %c : tensor<?x64xf32>
}

func.func @up_mm_mxfp8_f32_n64_k256(%x: tensor<?x256xf32>, %w: tensor<64x256xf8E4M3FN>, %s: tensor<64x8xf8E8M0FNU>) -> tensor<?x64xf32> attributes {llvm.emit_c_interface} {
  %wd_e = tensor.empty() : tensor<64x256xf32>
  %wd = linalg.generic {indexing_maps = [#id, #blk32, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<64x256xf8E4M3FN>, tensor<64x8xf8E8M0FNU>) outs(%wd_e : tensor<64x256xf32>) {
    ^bb0(%qv: f8E4M3FN, %sv: f8E8M0FNU, %o: f32):
      %c127 = arith.constant 127 : i32
      %c24 = arith.constant 24 : i32
      %c20 = arith.constant 20 : i32
      %c8 = arith.constant 8 : i32
      %c_bias = arith.constant 1006632960 : i32  // 120 << 23
      %c_nan = arith.constant 2143289344 : i32   // 0x7FC00000
      %c_2m9 = arith.constant 0.001953125 : f32  // 2^-9
      // E4M3 -> f32 without arith.extf (no CPU lowering upstream).
      %qf_b = arith.bitcast %qv : f8E4M3FN to i8
      %qf_i = arith.extui %qf_b : i8 to i32
      %qf_mag = arith.andi %qf_i, %c127 : i32
      %qf_sgn = arith.subi %qf_i, %qf_mag : i32
      %qf_sgnbit = arith.shli %qf_sgn, %c24 : i32
      %qf_nb0 = arith.shli %qf_mag, %c20 : i32
      %qf_nb = arith.addi %qf_nb0, %c_bias : i32
      %qf_sub = arith.uitofp %qf_mag : i32 to f32
      %qf_subv = arith.mulf %qf_sub, %c_2m9 : f32
      %qf_subb = arith.bitcast %qf_subv : f32 to i32
      %qf_issub = arith.cmpi ult, %qf_mag, %c8 : i32
      %qf_m0 = arith.select %qf_issub, %qf_subb, %qf_nb : i32
      %qf_isnan = arith.cmpi eq, %qf_mag, %c127 : i32
      %qf_m1 = arith.select %qf_isnan, %c_nan, %qf_m0 : i32
      %qf_bits = arith.ori %qf_m1, %qf_sgnbit : i32
      %qf = arith.bitcast %qf_bits : i32 to f32
      %sf = arith.extf %sv : f8E8M0FNU to f32
      %v = arith.mulf %qf, %sf : f32
      linalg.yield %v : f32
  } -> tensor<64x256xf32>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %x, %c0 : tensor<?x256xf32>
  %zero = arith.constant 0.0 : f32
  %ce = tensor.empty(%m) : tensor<?x64xf32>
  %cz = linalg.fill ins(%zero : f32) outs(%ce : tensor<?x64xf32>) -> tensor<?x64xf32>
  %c = linalg.matmul indexing_maps = [#mm_a, #mm_b, #mm_c]
      ins(%x, %wd : tensor<?x256xf32>, tensor<64x256xf32>) outs(%cz : tensor<?x64xf32>) -> tensor<?x64xf32>
  return %c : tensor<?x64xf32>
}

func.func @up_mm_mxfp4_bf16_n64_k256(%x: tensor<?x256xbf16>, %w: tensor<64x256xf4E2M1FN>, %s: tensor<64x8xf8E8M0FNU>) -> tensor<?x64xf32> attributes {llvm.emit_c_interface} {
  %wd_e = tensor.empty() : tensor<64x256xf32>
  %wd = linalg.generic {indexing_maps = [#id, #blk32, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<64x256xf4E2M1FN>, tensor<64x8xf8E8M0FNU>) outs(%wd_e : tensor<64x256xf32>) {
    ^bb0(%qv: f4E2M1FN, %sv: f8E8M0FNU, %o: f32):
      %v = arith.scaling_extf %qv, %sv : f4E2M1FN, f8E8M0FNU to f32
      linalg.yield %v : f32
  } -> tensor<64x256xf32>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %x, %c0 : tensor<?x256xbf16>
  %zero = arith.constant 0.0 : f32
  %ce = tensor.empty(%m) : tensor<?x64xf32>
  %cz = linalg.fill ins(%zero : f32) outs(%ce : tensor<?x64xf32>) -> tensor<?x64xf32>
  %c = linalg.matmul indexing_maps = [#mm_a, #mm_b, #mm_c]
      ins(%x, %wd : tensor<?x256xbf16>, tensor<64x256xf32>) outs(%cz : tensor<?x64xf32>) -> tensor<?x64xf32>
  return %c : tensor<?x64xf32>
}

func.func @up_mm_mxfp4_mxfp4_n64_k256(%a: tensor<?x256xf4E2M1FN>, %as: tensor<?x8xf8E8M0FNU>, %w: tensor<64x256xf4E2M1FN>, %s: tensor<64x8xf8E8M0FNU>) -> tensor<?x64xf32> attributes {llvm.emit_c_interface} {
  %i0 = arith.constant 0 : index
  %ad_rows = tensor.dim %a, %i0 : tensor<?x256xf4E2M1FN>
  %ad_e = tensor.empty(%ad_rows) : tensor<?x256xf32>
  %ad = linalg.generic {indexing_maps = [#id, #blk32, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a, %as : tensor<?x256xf4E2M1FN>, tensor<?x8xf8E8M0FNU>) outs(%ad_e : tensor<?x256xf32>) {
    ^bb0(%qv: f4E2M1FN, %sv: f8E8M0FNU, %o: f32):
      %v = arith.scaling_extf %qv, %sv : f4E2M1FN, f8E8M0FNU to f32
      linalg.yield %v : f32
  } -> tensor<?x256xf32>
  %wd_e = tensor.empty() : tensor<64x256xf32>
  %wd = linalg.generic {indexing_maps = [#id, #blk32, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<64x256xf4E2M1FN>, tensor<64x8xf8E8M0FNU>) outs(%wd_e : tensor<64x256xf32>) {
    ^bb0(%qv: f4E2M1FN, %sv: f8E8M0FNU, %o: f32):
      %v = arith.scaling_extf %qv, %sv : f4E2M1FN, f8E8M0FNU to f32
      linalg.yield %v : f32
  } -> tensor<64x256xf32>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %ad, %c0 : tensor<?x256xf32>
  %zero = arith.constant 0.0 : f32
  %ce = tensor.empty(%m) : tensor<?x64xf32>
  %cz = linalg.fill ins(%zero : f32) outs(%ce : tensor<?x64xf32>) -> tensor<?x64xf32>
  %c = linalg.matmul indexing_maps = [#mm_a, #mm_b, #mm_c]
      ins(%ad, %wd : tensor<?x256xf32>, tensor<64x256xf32>) outs(%cz : tensor<?x64xf32>) -> tensor<?x64xf32>
  return %c : tensor<?x64xf32>
}

