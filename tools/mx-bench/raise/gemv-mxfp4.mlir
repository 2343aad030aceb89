// Timing harness of raise-to-microscale (see README.md beside this file):
// mx-bench's upstream MXFP4 GEMV kernel (kernels/upstream/matmul.mlir,
// @up_mm_mxfp4_f32_n4096: scaling_extf dequantization + linalg.matmul, E2M1
// one code per byte) called @ITERS@ times on deterministic data; prints the
// seconds per call and a checksum of C. The same file is lowered twice:
// raised + microscale-cpu-pipeline, and upstream passes only.

func.func private @rtclock() -> f64

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %iters = arith.constant @ITERS@ : index
  // W codes and E8M0 scales from their indices: positive E2M1 codes, scales
  // 2^-4 .. 2^3.
  %we = tensor.empty() : tensor<4096x4096xf4E2M1FN>
  %w = linalg.generic {indexing_maps = [affine_map<(n, k) -> (n, k)>], iterator_types = ["parallel", "parallel"]} outs(%we : tensor<4096x4096xf4E2M1FN>) {
  ^bb0(%o: f4E2M1FN):
    %n = linalg.index 0 : index
    %k = linalg.index 1 : index
    %nk = arith.addi %n, %k : index
    %h = arith.muli %nk, %c1 : index
    %hi = arith.index_cast %h : index to i32
    %c8 = arith.constant 8 : i32
    %code = arith.remui %hi, %c8 : i32
    %c4 = arith.trunci %code : i32 to i4
    %v = arith.bitcast %c4 : i4 to f4E2M1FN
    linalg.yield %v : f4E2M1FN
  } -> tensor<4096x4096xf4E2M1FN>
  %se = tensor.empty() : tensor<4096x128xf8E8M0FNU>
  %s = linalg.generic {indexing_maps = [affine_map<(n, b) -> (n, b)>], iterator_types = ["parallel", "parallel"]} outs(%se : tensor<4096x128xf8E8M0FNU>) {
  ^bb0(%o: f8E8M0FNU):
    %n = linalg.index 0 : index
    %b = linalg.index 1 : index
    %nb = arith.addi %n, %b : index
    %hi = arith.index_cast %nb : index to i8
    %c8 = arith.constant 8 : i8
    %r = arith.remui %hi, %c8 : i8
    %c123 = arith.constant 123 : i8
    %code = arith.addi %r, %c123 : i8
    %v = arith.bitcast %code : i8 to f8E8M0FNU
    linalg.yield %v : f8E8M0FNU
  } -> tensor<4096x128xf8E8M0FNU>
  %xe = tensor.empty() : tensor<1x4096xf32>
  %half = arith.constant 0.5 : f32
  %x0 = linalg.fill ins(%half : f32) outs(%xe : tensor<1x4096xf32>) -> tensor<1x4096xf32>
  %x = tensor.cast %x0 : tensor<1x4096xf32> to tensor<?x4096xf32>
  // One warm-up call, then the timed ones.
  %warm = func.call @up_mm_mxfp4_f32_n4096(%x, %w, %s) : (tensor<?x4096xf32>, tensor<4096x4096xf4E2M1FN>, tensor<4096x128xf8E8M0FNU>) -> tensor<?x4096xf32>
  %t0 = func.call @rtclock() : () -> f64
  %sum = scf.for %i = %c0 to %iters step %c1 iter_args(%acc = %warm) -> (tensor<?x4096xf32>) {
    %c = func.call @up_mm_mxfp4_f32_n4096(%x, %w, %s) : (tensor<?x4096xf32>, tensor<4096x4096xf4E2M1FN>, tensor<4096x128xf8E8M0FNU>) -> tensor<?x4096xf32>
    scf.yield %c : tensor<?x4096xf32>
  }
  %t1 = func.call @rtclock() : () -> f64
  %dt = arith.subf %t1, %t0 : f64
  %n = arith.index_cast %iters : index to i64
  %nf = arith.sitofp %n : i64 to f64
  %per = arith.divf %dt, %nf : f64
  vector.print str "seconds per call: "
  vector.print %per : f64
  %c7 = arith.constant 7 : index
  %c4095 = arith.constant 4095 : index
  %a = tensor.extract %sum[%c0, %c7] : tensor<?x4096xf32>
  %b = tensor.extract %sum[%c0, %c4095] : tensor<?x4096xf32>
  vector.print str "C[0, 7], C[0, 4095]: "
  vector.print %a : f32
  vector.print %b : f32
  return
}
