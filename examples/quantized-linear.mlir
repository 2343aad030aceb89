// A linear layer y = x · Wᵀ with block-scaled weights, compiled by
// `mx-opt --microscale-cpu-pipeline` and run by mlir-runner
// (scripts/run-demo.sh). For each scheme it prints the weights' SNR after
// quantization and how far y lands from the f32 result.

// The kernel: quantize the weights, multiply.
func.func @linear(%x: tensor<4x2048xf32>, %w: tensor<512x2048xf32>)
    -> (tensor<4x512xf32>, tensor<4x512xf32>, tensor<4x512xf32>, tensor<512x2048xf32>, tensor<512x2048xf32>, tensor<512x2048xf32>) {
  %q4 = microscale.quantize %w : tensor<512x2048xf32> -> !microscale.tensor<512x2048, mxfp4>
  %n4 = microscale.quantize %w : tensor<512x2048xf32> -> !microscale.tensor<512x2048, nvfp4>
  %q8 = microscale.quantize %w scale_rounding(rceil) : tensor<512x2048xf32> -> !microscale.tensor<512x2048, mxfp8_e4m3>
  %y4 = microscale.matmul %x, %q4 : tensor<4x2048xf32>, !microscale.tensor<512x2048, mxfp4> -> tensor<4x512xf32>
  %yn = microscale.matmul %x, %n4 : tensor<4x2048xf32>, !microscale.tensor<512x2048, nvfp4> -> tensor<4x512xf32>
  %y8 = microscale.matmul %x, %q8 : tensor<4x2048xf32>, !microscale.tensor<512x2048, mxfp8_e4m3> -> tensor<4x512xf32>
  %w4 = microscale.dequantize %q4 : !microscale.tensor<512x2048, mxfp4> -> tensor<512x2048xf32>
  %wn = microscale.dequantize %n4 : !microscale.tensor<512x2048, nvfp4> -> tensor<512x2048xf32>
  %w8 = microscale.dequantize %q8 : !microscale.tensor<512x2048, mxfp8_e4m3> -> tensor<512x2048xf32>
  return %y4, %yn, %y8, %w4, %wn, %w8 : tensor<4x512xf32>, tensor<4x512xf32>, tensor<4x512xf32>, tensor<512x2048xf32>, tensor<512x2048xf32>, tensor<512x2048xf32>
}

// Deterministic, heavy-tailed test data: sin-based values with occasional
// outliers, as trained weights have.
func.func @data(%rows: index, %cols: index, %seed: f32) -> tensor<?x?xf32> {
  %t = tensor.generate %rows, %cols {
  ^bb0(%i: index, %j: index):
    %ii = arith.index_cast %i : index to i32
    %jj = arith.index_cast %j : index to i32
    %fi = arith.sitofp %ii : i32 to f32
    %fj = arith.sitofp %jj : i32 to f32
    %c1 = arith.constant 1.7 : f32
    %c2 = arith.constant 0.37 : f32
    %a = arith.mulf %fi, %c1 : f32
    %b = arith.mulf %fj, %c2 : f32
    %s = arith.addf %a, %b : f32
    %s2 = arith.addf %s, %seed : f32
    %v = math.sin %s2 : f32
    %p = arith.mulf %s2, %c2 : f32
    %u = math.cos %p : f32
    %cube = arith.mulf %u, %u : f32
    %cube2 = arith.mulf %cube, %u : f32
    %cube3 = arith.mulf %cube2, %cube : f32
    %four = arith.constant 4.0 : f32
    %out = arith.mulf %cube3, %four : f32
    %r = arith.addf %v, %out : f32
    tensor.yield %r : f32
  } : tensor<?x?xf32>
  return %t : tensor<?x?xf32>
}

// 10 log10(sum a² / sum (a - b)²)
func.func @snr(%a: tensor<512x2048xf32>, %b: tensor<512x2048xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = arith.constant 512 : index
  %k = arith.constant 2048 : index
  %z = arith.constant 0.0 : f32
  %sums:2 = scf.for %i = %c0 to %r step %c1 iter_args(%s = %z, %e = %z) -> (f32, f32) {
    %in:2 = scf.for %j = %c0 to %k step %c1 iter_args(%s2 = %s, %e2 = %e) -> (f32, f32) {
      %x = tensor.extract %a[%i, %j] : tensor<512x2048xf32>
      %y = tensor.extract %b[%i, %j] : tensor<512x2048xf32>
      %d = arith.subf %x, %y : f32
      %xx = arith.mulf %x, %x : f32
      %dd = arith.mulf %d, %d : f32
      %s3 = arith.addf %s2, %xx : f32
      %e3 = arith.addf %e2, %dd : f32
      scf.yield %s3, %e3 : f32, f32
    }
    scf.yield %in#0, %in#1 : f32, f32
  }
  %ratio = arith.divf %sums#0, %sums#1 : f32
  %l = math.log10 %ratio : f32
  %ten = arith.constant 10.0 : f32
  %db = arith.mulf %l, %ten : f32
  return %db : f32
}

// max |y - y_ref| / max |y_ref|
func.func @relerr(%y: tensor<4x512xf32>, %ref: tensor<4x512xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = arith.constant 4 : index
  %n = arith.constant 512 : index
  %z = arith.constant 0.0 : f32
  %r:2 = scf.for %i = %c0 to %m step %c1 iter_args(%e = %z, %t = %z) -> (f32, f32) {
    %in:2 = scf.for %j = %c0 to %n step %c1 iter_args(%e2 = %e, %t2 = %t) -> (f32, f32) {
      %a = tensor.extract %y[%i, %j] : tensor<4x512xf32>
      %b = tensor.extract %ref[%i, %j] : tensor<4x512xf32>
      %d = arith.subf %a, %b : f32
      %ad = math.absf %d : f32
      %ab = math.absf %b : f32
      %e3 = arith.maximumf %e2, %ad : f32
      %t3 = arith.maximumf %t2, %ab : f32
      scf.yield %e3, %t3 : f32, f32
    }
    scf.yield %in#0, %in#1 : f32, f32
  }
  %q = arith.divf %r#0, %r#1 : f32
  return %q : f32
}

// The f32 reference y = x · Wᵀ, summed in f32.
func.func @reference(%x: tensor<4x2048xf32>, %w: tensor<512x2048xf32>) -> tensor<4x512xf32> {
  %init = tensor.empty() : tensor<4x512xf32>
  %zero = arith.constant 0.0 : f32
  %c = linalg.fill ins(%zero : f32) outs(%init : tensor<4x512xf32>) -> tensor<4x512xf32>
  %y = linalg.generic {
      indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>],
      iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<4x2048xf32>, tensor<512x2048xf32>) outs(%c : tensor<4x512xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<4x512xf32>
  return %y : tensor<4x512xf32>
}

func.func @report(%name: index, %snr: f32, %err: f32, %y: tensor<4x512xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %y0 = tensor.extract %y[%c0, %c0] : tensor<4x512xf32>
  %y1 = tensor.extract %y[%c0, %c1] : tensor<4x512xf32>
  %y2 = tensor.extract %y[%c0, %c2] : tensor<4x512xf32>
  vector.print str "  weight SNR (dB):          "
  vector.print %snr : f32
  vector.print str "  max |y - y_f32| / max |y|: "
  vector.print %err : f32
  vector.print str "  y[0, 0:3]:                 "
  %v = vector.from_elements %y0, %y1, %y2 : vector<3xf32>
  vector.print %v : vector<3xf32>
  return
}

func.func @main() {
  %m = arith.constant 4 : index
  %n = arith.constant 512 : index
  %k = arith.constant 2048 : index
  %s1 = arith.constant 0.5 : f32
  %s2 = arith.constant 2.25 : f32
  %xd = call @data(%m, %k, %s1) : (index, index, f32) -> tensor<?x?xf32>
  %wd = call @data(%n, %k, %s2) : (index, index, f32) -> tensor<?x?xf32>
  %x = tensor.cast %xd : tensor<?x?xf32> to tensor<4x2048xf32>
  %w = tensor.cast %wd : tensor<?x?xf32> to tensor<512x2048xf32>
  %y4, %yn, %y8, %w4, %wn, %w8 = call @linear(%x, %w) : (tensor<4x2048xf32>, tensor<512x2048xf32>)
      -> (tensor<4x512xf32>, tensor<4x512xf32>, tensor<4x512xf32>, tensor<512x2048xf32>, tensor<512x2048xf32>, tensor<512x2048xf32>)
  %ref = call @reference(%x, %w) : (tensor<4x2048xf32>, tensor<512x2048xf32>) -> tensor<4x512xf32>
  vector.print str "y = x · Wᵀ, x 4x2048 f32, W 512x2048 quantized on the CPU by microscale\n"
  %c0 = arith.constant 0 : index
  vector.print str "MXFP4 (E2M1, blocks of 32, E8M0 scales, floor rule)\n"
  %a1 = call @snr(%w, %w4) : (tensor<512x2048xf32>, tensor<512x2048xf32>) -> f32
  %b1 = call @relerr(%y4, %ref) : (tensor<4x512xf32>, tensor<4x512xf32>) -> f32
  call @report(%c0, %a1, %b1, %y4) : (index, f32, f32, tensor<4x512xf32>) -> ()
  vector.print str "NVFP4 (E2M1, blocks of 16, E4M3 scales, f32 global)\n"
  %a2 = call @snr(%w, %wn) : (tensor<512x2048xf32>, tensor<512x2048xf32>) -> f32
  %b2 = call @relerr(%yn, %ref) : (tensor<4x512xf32>, tensor<4x512xf32>) -> f32
  call @report(%c0, %a2, %b2, %yn) : (index, f32, f32, tensor<4x512xf32>) -> ()
  vector.print str "MXFP8 E4M3 (blocks of 32, E8M0 scales, rceil rule)\n"
  %a3 = call @snr(%w, %w8) : (tensor<512x2048xf32>, tensor<512x2048xf32>) -> f32
  %b3 = call @relerr(%y8, %ref) : (tensor<4x512xf32>, tensor<4x512xf32>) -> f32
  call @report(%c0, %a3, %b3, %y8) : (index, f32, f32, tensor<4x512xf32>) -> ()
  vector.print str "f32 reference\n"
  %r0 = tensor.extract %ref[%c0, %c0] : tensor<4x512xf32>
  vector.print str "  y[0, 0:3]:                 "
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %r1 = tensor.extract %ref[%c0, %c1] : tensor<4x512xf32>
  %r2 = tensor.extract %ref[%c0, %c2] : tensor<4x512xf32>
  %v = vector.from_elements %r0, %r1, %r2 : vector<3xf32>
  vector.print %v : vector<3xf32>
  return
}
