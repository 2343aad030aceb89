//===- HostLowering.h - pipeline stages shared by the targets ---*- C++ -*-===//

#ifndef MICROSCALE_PIPELINES_HOSTLOWERING_H
#define MICROSCALE_PIPELINES_HOSTLOWERING_H

#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Pass/PassManager.h"

namespace mlir::microscale {

/// Elementwise arith/math on whole tensors (user code) as linalg, which
/// bufferizes; tensors to buffers, with plain identity layouts at function
/// boundaries so that C callers pass ordinary strided descriptors; linalg
/// to loops; then the deallocation of every buffer
/// (buildBufferizePasses followed by buildDeallocationPasses).
void buildBufferizationPasses(OpPassManager &pm);
/// The first half: tensors to buffers, linalg to loops.
void buildBufferizePasses(OpPassManager &pm);
/// The second half: every buffer freed after its last use.
void buildDeallocationPasses(OpPassManager &pm);

/// What the host lowering to the LLVM dialect converts besides the core
/// dialects.
struct HostLoweringOptions {
  /// x86vector operations (the CPU kernels).
  bool x86Vector = false;
  /// gpu.launch_func, gpu.alloc, gpu.memcpy... as calls into the mgpu*
  /// runtime (the GPU kernels' host side).
  bool gpuRuntimeCalls = false;
  /// scf.parallel loops as OpenMP worksharing loops (calls into libomp);
  /// otherwise they run in order.
  bool openMP = false;
};

/// Stack memory released where MLIR's allocation scopes end, before
/// control flow is lowered: llvm.intr.stacksave / stackrestore around each
/// iteration of an scf loop that allocates with memref.alloca, and around
/// the inlined body of each memref.alloca_scope (which must stay one block,
/// as convert-scf-to-cf would break it).
std::unique_ptr<Pass> createLowerAllocaScopesPass();

/// Every omp.wsloop without a schedule gets `kind`.
std::unique_ptr<Pass> createSetOpenMPSchedulePass(omp::ClauseScheduleKind kind);

/// Host code (func, scf, memref, vector, arith, math...) to the LLVM dialect.
void buildHostToLLVMPasses(OpPassManager &pm,
                           const HostLoweringOptions &options);

} // namespace mlir::microscale

#endif // MICROSCALE_PIPELINES_HOSTLOWERING_H
