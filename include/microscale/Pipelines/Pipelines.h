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

/// What the GPU pipeline's gpu.binary ops hold.
enum class GPUBinaryFormat { isa, bin, fatbin };

struct GPUPipelineOptions : public PassPipelineOptions<GPUPipelineOptions> {
  PassOptions::Option<std::string> chip{
      *this, "chip",
      llvm::cl::desc("The NVIDIA chip: sm_80, sm_89, sm_90a, sm_100a, sm_103a "
                     "or sm_120a"),
      llvm::cl::init("sm_90a")};
  PassOptions::Option<GPUBinaryFormat> format{
      *this, "format", llvm::cl::desc("What gpu.binary holds"),
      llvm::cl::init(GPUBinaryFormat::bin),
      llvm::cl::values(
          clEnumValN(GPUBinaryFormat::isa, "isa", "PTX text"),
          clEnumValN(GPUBinaryFormat::bin, "bin", "a cubin (ptxas)"),
          clEnumValN(GPUBinaryFormat::fatbin, "fatbin",
                     "a fatbin (ptxas and fatbinary)"))};
  PassOptions::Option<bool> inexactTensorCores{
      *this, "inexact-tensor-cores",
      llvm::cl::desc("Run matmuls on the FP8 tensor cores also when they "
                     "round a K-block's sum (FP6, FP8 elements); false keeps "
                     "those on the exact FMA kernel"),
      llvm::cl::init(true)};
};

/// `microscale-gpu-pipeline`: user IR with microscale ops on tensors to host
/// LLVM dialect that launches the kernels of a `gpu.binary` (PTX or cubin)
/// through the mgpu* runtime ABI; `mlir-translate --mlir-to-llvmir` turns it
/// into a host module. Host tensors are copied to device memory and back
/// around every microscale op (docs/GPU.md).
void buildGPUPipeline(OpPassManager &pm, const GPUPipelineOptions &options);
/// The first stage of `buildGPUPipeline`: the storage ABI at function
/// boundaries and `convert-microscale-to-gpu`, kernels still inline
/// `gpu.launch` ops (what the test suite's host emulation starts from).
void buildGPUKernelPasses(OpPassManager &pm,
                          const GPUPipelineOptions &options);

/// Registers every named pipeline with the pass registry.
void registerPipelines();

} // namespace mlir::microscale

#endif // MICROSCALE_PIPELINES_PIPELINES_H
