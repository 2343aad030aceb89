//===- HostLowering.h - pipeline stages shared by the targets ---*- C++ -*-===//

#ifndef MICROSCALE_PIPELINES_HOSTLOWERING_H
#define MICROSCALE_PIPELINES_HOSTLOWERING_H

#include "mlir/Pass/PassManager.h"

namespace mlir::microscale {

/// Elementwise arith/math on whole tensors (user code) as linalg, which
/// bufferizes; tensors to buffers, with plain identity layouts at function
/// boundaries so that C callers pass ordinary strided descriptors; linalg
/// to loops.
void buildBufferizationPasses(OpPassManager &pm);

/// What the host lowering to the LLVM dialect converts besides the core
/// dialects.
struct HostLoweringOptions {
  /// x86vector operations (the CPU kernels).
  bool x86Vector = false;
  /// gpu.launch_func, gpu.alloc, gpu.memcpy... as calls into the mgpu*
  /// runtime (the GPU kernels' host side).
  bool gpuRuntimeCalls = false;
};

/// Host code (func, scf, memref, vector, arith, math...) to the LLVM dialect.
void buildHostToLLVMPasses(OpPassManager &pm,
                           const HostLoweringOptions &options);

} // namespace mlir::microscale

#endif // MICROSCALE_PIPELINES_HOSTLOWERING_H
