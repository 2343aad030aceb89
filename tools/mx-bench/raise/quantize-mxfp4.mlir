// Comparison harness of raise-to-microscale (see README.md beside this
// file): mx-bench's upstream MXFP4 quantization kernel
// (kernels/upstream/quantize.mlir, @up_quantize_mxfp4_k4096) on 8 x 4096
// deterministic f32 values, called @ITERS@ times after a warm-up; prints
// the seconds per call, then per row the scale codes and the element codes
// (one line each), which compare.py checks bit by bit.

func.func private @rtclock() -> f64

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %iters = arith.constant @ITERS@ : index
  // x[r, k] = ((40503 (4096 r + k)) mod 65536 mod 2001 - 1000) / 64: many
  // values whose scaled form is an E2M1 tie or a small negative, and a first
  // block of zeros.
  %xe = tensor.empty() : tensor<8x4096xf32>
  %x0 = linalg.generic {indexing_maps = [affine_map<(r, k) -> (r, k)>], iterator_types = ["parallel", "parallel"]} outs(%xe : tensor<8x4096xf32>) {
  ^bb0(%o: f32):
    %r = linalg.index 0 : index
    %k = linalg.index 1 : index
    %c4096 = arith.constant 4096 : index
    %c32 = arith.constant 32 : index
    %rk = arith.muli %r, %c4096 : index
    %i = arith.addi %rk, %k : index
    %ii = arith.index_cast %i : index to i32
    %mul = arith.constant 40503 : i32
    %c65536 = arith.constant 65536 : i32
    %c2001 = arith.constant 2001 : i32
    %c1000 = arith.constant 1000 : i32
    %h0 = arith.muli %ii, %mul : i32
    %h = arith.remui %h0, %c65536 : i32
    %m = arith.remui %h, %c2001 : i32
    %v = arith.subi %m, %c1000 : i32
    %vf = arith.sitofp %v : i32 to f32
    %inv64 = arith.constant 0.015625 : f32
    %x = arith.mulf %vf, %inv64 : f32
    %zero = arith.constant 0.0 : f32
    %first = arith.cmpi ult, %i, %c32 : index
    %y = arith.select %first, %zero, %x : f32
    linalg.yield %y : f32
  } -> tensor<8x4096xf32>
  %x = tensor.cast %x0 : tensor<8x4096xf32> to tensor<?x4096xf32>
  %q0, %s0 = func.call @up_quantize_mxfp4_k4096(%x) : (tensor<?x4096xf32>) -> (tensor<?x4096xf4E2M1FN>, tensor<?x128xf8E8M0FNU>)
  %t0 = func.call @rtclock() : () -> f64
  %last:2 = scf.for %it = %c0 to %iters step %c1 iter_args(%q = %q0, %s = %s0) -> (tensor<?x4096xf4E2M1FN>, tensor<?x128xf8E8M0FNU>) {
    %qn, %sn = func.call @up_quantize_mxfp4_k4096(%x) : (tensor<?x4096xf32>) -> (tensor<?x4096xf4E2M1FN>, tensor<?x128xf8E8M0FNU>)
    scf.yield %qn, %sn : tensor<?x4096xf4E2M1FN>, tensor<?x128xf8E8M0FNU>
  }
  %t1 = func.call @rtclock() : () -> f64
  %dt = arith.subf %t1, %t0 : f64
  %n = arith.index_cast %iters : index to i64
  %nf = arith.sitofp %n : i64 to f64
  %per = arith.divf %dt, %nf : f64
  vector.print str "seconds per call: "
  vector.print %per : f64
  // Codes and scales as bytes, one row per line.
  %qe = tensor.empty() : tensor<8x4096xi8>
  %qb = linalg.generic {indexing_maps = [affine_map<(r, k) -> (r, k)>, affine_map<(r, k) -> (r, k)>], iterator_types = ["parallel", "parallel"]} ins(%last#0 : tensor<?x4096xf4E2M1FN>) outs(%qe : tensor<8x4096xi8>) {
  ^bb0(%c: f4E2M1FN, %o: i8):
    %bits = arith.bitcast %c : f4E2M1FN to i4
    %byte = arith.extui %bits : i4 to i8
    linalg.yield %byte : i8
  } -> tensor<8x4096xi8>
  %se = tensor.empty() : tensor<8x128xi8>
  %sb = linalg.generic {indexing_maps = [affine_map<(r, b) -> (r, b)>, affine_map<(r, b) -> (r, b)>], iterator_types = ["parallel", "parallel"]} ins(%last#1 : tensor<?x128xf8E8M0FNU>) outs(%se : tensor<8x128xi8>) {
  ^bb0(%c: f8E8M0FNU, %o: i8):
    %byte = arith.bitcast %c : f8E8M0FNU to i8
    linalg.yield %byte : i8
  } -> tensor<8x128xi8>
  %pad = arith.constant 0 : i8
  scf.for %r = %c0 to %c8 step %c1 {
    %sv = vector.transfer_read %sb[%r, %c0], %pad {in_bounds = [true]} : tensor<8x128xi8>, vector<128xi8>
    %sw = arith.extui %sv : vector<128xi8> to vector<128xi32>
    vector.print str "scales: "
    vector.print %sw : vector<128xi32>
    %qv = vector.transfer_read %qb[%r, %c0], %pad {in_bounds = [true]} : tensor<8x4096xi8>, vector<4096xi8>
    %qw = arith.extui %qv : vector<4096xi8> to vector<4096xi32>
    vector.print str "codes: "
    vector.print %qw : vector<4096xi32>
  }
  return
}
