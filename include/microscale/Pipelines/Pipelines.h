//===- Pipelines.h - named end-to-end pipelines -----------------*- C++ -*-===//

#ifndef MICROSCALE_PIPELINES_PIPELINES_H
#define MICROSCALE_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::microscale {

struct CPUPipelineOptions : public PassPipelineOptions<CPUPipelineOptions> {
  PassOptions::Option<unsigned> vectorBits{
      *this, "vector-bits",
      llvm::cl::desc("Vector register width in bits to shape the loops for "
                     "(0: the host's)"),
      llvm::cl::init(0)};
  PassOptions::Option<std::string> features{
      *this, "features",
      llvm::cl::desc("Instruction sets the generated code may use: 'host', "
                     "or a comma-separated list of avx512f, avx512bf16, "
                     "avx512bw, avx512vnni"),
      llvm::cl::init("host")};
};

/// `microscale-cpu-pipeline`: user IR with microscale ops on tensors (plus
/// func, arith, math, scf, tensor, linalg) to the LLVM dialect, ready for
/// mlir-runner or `mlir-translate --mlir-to-llvmir`. Block-scaled function
/// arguments and results become their storage (data, scales, global);
/// tensors become identity-layout memrefs.
void buildCPUPipeline(OpPassManager &pm, const CPUPipelineOptions &options);

/// Registers every named pipeline with the pass registry.
void registerPipelines();

} // namespace mlir::microscale

#endif // MICROSCALE_PIPELINES_PIPELINES_H
