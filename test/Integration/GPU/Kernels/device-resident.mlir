// Device-resident functions (host-data=false) run on this machine's GPU:
// compiled into a shared library, called from a program that owns the
// device buffers and the stream. @mxfp8 is the sm_90a wgmma kernel with TMA
// on Hopper (the machine's chip otherwise); @layer quantizes into a device
// intermediate and multiplies it, on the default stream.
//
// A = 1.0 (E4M3 0x38) with scales 2^(r % 3), B = 2.0 (0x40) with scales
// 2^(n % 2), K = 256: C[r, n] = 512 * 2^(r % 3 + n % 2). x = 1.5 quantizes
// to MXFP4 exactly (6 x 2^-2), W = 1.0 (E2M1 0x2): C = 256 * 1.5 = 384.
//
// REQUIRES: cuda-gpu, cuda-runtime, ir-cc
// RUN: split-file %s %t
// RUN: mx-opt %t/kernels.mlir --microscale-gpu-pipeline="chip=%gpu_chip format=isa host-data=false" \
// RUN:   | mlir-translate --mlir-to-llvmir -o %t/kernels.ll
// RUN: %ir_cc -shared -fPIC -Wno-override-module %t/kernels.ll -o %t/libkernels%shlibext \
// RUN:   -L%microscale_lib_dir -lmicroscale_cuda_runtime -Wl,-rpath,%microscale_lib_dir
// RUN: mlir-opt %t/main.mlir --gpu-lower-to-nvvm-pipeline \
// RUN:   | mlir-runner -e main --entry-point-result=void \
// RUN:     --shared-libs=%microscale_cuda_runtime,%t/libkernels%shlibext,%mlir_c_runner_utils \
// RUN:   | FileCheck %s

// CHECK:      512
// CHECK-NEXT: 1024
// CHECK-NEXT: 4096
// CHECK-NEXT: 2048
// CHECK-NEXT: 384
// CHECK-NEXT: 384

//--- kernels.mlir
func.func @mxfp8(%a: !microscale.tensor<200x256, mxfp8_e4m3>, %b: !microscale.tensor<136x256, mxfp8_e4m3>) -> tensor<200x136xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<200x256, mxfp8_e4m3>, !microscale.tensor<136x256, mxfp8_e4m3> -> tensor<200x136xf32>
  return %c : tensor<200x136xf32>
}

func.func @layer(%x: tensor<200x256xf32>, %w: !microscale.tensor<136x256, mxfp4>) -> tensor<200x136xf32> {
  %q = microscale.quantize %x : tensor<200x256xf32> -> !microscale.tensor<200x256, mxfp4>
  %y = microscale.matmul %q, %w : !microscale.tensor<200x256, mxfp4>, !microscale.tensor<136x256, mxfp4> -> tensor<200x136xf32>
  return %y : tensor<200x136xf32>
}

//--- main.mlir
func.func private @mxfp8(memref<200x256xi8>, memref<200x8xf8E8M0FNU>, memref<136x256xi8>, memref<136x8xf8E8M0FNU>, memref<200x136xf32>, !llvm.ptr)
func.func private @layer(memref<200x256xf32>, memref<136x128xi8>, memref<136x8xf8E8M0FNU>, memref<200x136xf32>, !llvm.ptr)
llvm.func @mgpuStreamCreate() -> !llvm.ptr
llvm.func @mgpuStreamSynchronize(!llvm.ptr)
llvm.func @mgpuStreamDestroy(!llvm.ptr)

/// Fills a host buffer with `value`.
func.func @fill_i8(%m: memref<?x?xi8>, %value: i8) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = memref.dim %m, %c0 : memref<?x?xi8>
  %cols = memref.dim %m, %c1 : memref<?x?xi8>
  scf.for %i = %c0 to %rows step %c1 {
    scf.for %j = %c0 to %cols step %c1 {
      memref.store %value, %m[%i, %j] : memref<?x?xi8>
    }
  }
  return
}

/// Scale codes 127 + (row % period): 2^(row % period).
func.func @fill_scales(%m: memref<?x8xf8E8M0FNU>, %period: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %rows = memref.dim %m, %c0 : memref<?x8xf8E8M0FNU>
  scf.for %i = %c0 to %rows step %c1 {
    %e = arith.remui %i, %period : index
    %e8 = arith.index_cast %e : index to i8
    %bias = arith.constant 127 : i8
    %code = arith.addi %e8, %bias : i8
    %s = arith.bitcast %code : i8 to f8E8M0FNU
    scf.for %j = %c0 to %c8 step %c1 {
      memref.store %s, %m[%i, %j] : memref<?x8xf8E8M0FNU>
    }
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c135 = arith.constant 135 : index
  %c199 = arith.constant 199 : index
  %one = arith.constant 56 : i8     // E4M3 1.0
  %two = arith.constant 64 : i8     // E4M3 2.0
  %ones4 = arith.constant 34 : i8   // two E2M1 1.0
  %xval = arith.constant 1.5 : f32

  %ha = memref.alloc() : memref<200x256xi8>
  %hsa = memref.alloc() : memref<200x8xf8E8M0FNU>
  %hb = memref.alloc() : memref<136x256xi8>
  %hsb = memref.alloc() : memref<136x8xf8E8M0FNU>
  %hx = memref.alloc() : memref<200x256xf32>
  %hw = memref.alloc() : memref<136x128xi8>
  %hsw = memref.alloc() : memref<136x8xf8E8M0FNU>
  %hc = memref.alloc() : memref<200x136xf32>
  %a_ = memref.cast %ha : memref<200x256xi8> to memref<?x?xi8>
  %b_ = memref.cast %hb : memref<136x256xi8> to memref<?x?xi8>
  %w_ = memref.cast %hw : memref<136x128xi8> to memref<?x?xi8>
  %sa_ = memref.cast %hsa : memref<200x8xf8E8M0FNU> to memref<?x8xf8E8M0FNU>
  %sb_ = memref.cast %hsb : memref<136x8xf8E8M0FNU> to memref<?x8xf8E8M0FNU>
  %sw_ = memref.cast %hsw : memref<136x8xf8E8M0FNU> to memref<?x8xf8E8M0FNU>
  func.call @fill_i8(%a_, %one) : (memref<?x?xi8>, i8) -> ()
  func.call @fill_i8(%b_, %two) : (memref<?x?xi8>, i8) -> ()
  func.call @fill_i8(%w_, %ones4) : (memref<?x?xi8>, i8) -> ()
  func.call @fill_scales(%sa_, %c3) : (memref<?x8xf8E8M0FNU>, index) -> ()
  func.call @fill_scales(%sb_, %c2) : (memref<?x8xf8E8M0FNU>, index) -> ()
  func.call @fill_scales(%sw_, %c1) : (memref<?x8xf8E8M0FNU>, index) -> ()
  %c200 = arith.constant 200 : index
  %c256 = arith.constant 256 : index
  scf.for %i = %c0 to %c200 step %c1 {
    scf.for %j = %c0 to %c256 step %c1 {
      memref.store %xval, %hx[%i, %j] : memref<200x256xf32>
    }
  }

  %t0 = gpu.wait async
  %da, %t1 = gpu.alloc async [%t0] () : memref<200x256xi8>
  %dsa, %t2 = gpu.alloc async [%t1] () : memref<200x8xf8E8M0FNU>
  %db, %t3 = gpu.alloc async [%t2] () : memref<136x256xi8>
  %dsb, %t4 = gpu.alloc async [%t3] () : memref<136x8xf8E8M0FNU>
  %dx, %t5 = gpu.alloc async [%t4] () : memref<200x256xf32>
  %dw, %t6 = gpu.alloc async [%t5] () : memref<136x128xi8>
  %dsw, %t7 = gpu.alloc async [%t6] () : memref<136x8xf8E8M0FNU>
  %dc, %t8 = gpu.alloc async [%t7] () : memref<200x136xf32>
  %t9 = gpu.memcpy async [%t8] %da, %ha : memref<200x256xi8>, memref<200x256xi8>
  %t10 = gpu.memcpy async [%t9] %dsa, %hsa : memref<200x8xf8E8M0FNU>, memref<200x8xf8E8M0FNU>
  %t11 = gpu.memcpy async [%t10] %db, %hb : memref<136x256xi8>, memref<136x256xi8>
  %t12 = gpu.memcpy async [%t11] %dsb, %hsb : memref<136x8xf8E8M0FNU>, memref<136x8xf8E8M0FNU>
  %t13 = gpu.memcpy async [%t12] %dx, %hx : memref<200x256xf32>, memref<200x256xf32>
  %t14 = gpu.memcpy async [%t13] %dw, %hw : memref<136x128xi8>, memref<136x128xi8>
  %t15 = gpu.memcpy async [%t14] %dsw, %hsw : memref<136x8xf8E8M0FNU>, memref<136x8xf8E8M0FNU>
  gpu.wait [%t15]

  // On a stream of the caller's.
  %s = llvm.call @mgpuStreamCreate() : () -> !llvm.ptr
  func.call @mxfp8(%da, %dsa, %db, %dsb, %dc, %s) : (memref<200x256xi8>, memref<200x8xf8E8M0FNU>, memref<136x256xi8>, memref<136x8xf8E8M0FNU>, memref<200x136xf32>, !llvm.ptr) -> ()
  llvm.call @mgpuStreamSynchronize(%s) : (!llvm.ptr) -> ()
  %u0 = gpu.wait async
  %u1 = gpu.memcpy async [%u0] %hc, %dc : memref<200x136xf32>, memref<200x136xf32>
  gpu.wait [%u1]
  %v0 = memref.load %hc[%c0, %c0] : memref<200x136xf32>
  %v1 = memref.load %hc[%c1, %c0] : memref<200x136xf32>
  %v2 = memref.load %hc[%c2, %c1] : memref<200x136xf32>
  %v3 = memref.load %hc[%c199, %c135] : memref<200x136xf32>
  vector.print %v0 : f32
  vector.print %v1 : f32
  vector.print %v2 : f32
  vector.print %v3 : f32

  // On the default stream.
  %null = llvm.mlir.zero : !llvm.ptr
  func.call @layer(%dx, %dw, %dsw, %dc, %null) : (memref<200x256xf32>, memref<136x128xi8>, memref<136x8xf8E8M0FNU>, memref<200x136xf32>, !llvm.ptr) -> ()
  %w0 = gpu.wait async
  %w1 = gpu.memcpy async [%w0] %hc, %dc : memref<200x136xf32>, memref<200x136xf32>
  gpu.wait [%w1]
  %l0 = memref.load %hc[%c0, %c0] : memref<200x136xf32>
  %l1 = memref.load %hc[%c199, %c135] : memref<200x136xf32>
  vector.print %l0 : f32
  vector.print %l1 : f32
  llvm.call @mgpuStreamDestroy(%s) : (!llvm.ptr) -> ()
  return
}
