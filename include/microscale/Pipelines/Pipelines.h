//===- Pipelines.h - named end-to-end pipelines -----------------*- C++ -*-===//

#ifndef MICROSCALE_PIPELINES_PIPELINES_H
#define MICROSCALE_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::microscale {

struct CPUPipelineOptions : public PassPipelineOptions<CPUPipelineOptions> {
  PassOptions::Option<std::string> cpu{
      *this, "cpu",
      llvm::cl::desc("The processor to tune for: 'host' or a row of the CPU "
                     "target table (convert-microscale-to-cpu's cpu option)"),
      llvm::cl::init("host")};
  PassOptions::Option<bool> parallel{
      *this, "parallel",
      llvm::cl::desc("Run independent work of the kernels on OpenMP threads "
                     "(OMP_NUM_THREADS of them; default all cores). false: "
                     "serial code, for callers that thread around it"),
      llvm::cl::init(true)};
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
/// tensors become identity-layout memrefs. With `parallel` the kernels'
/// parallel loops become OpenMP constructs: the program needs LLVM's
/// OpenMP runtime (libomp) at run time.
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
  PassOptions::Option<bool> hostData{
      *this, "host-data",
      llvm::cl::desc("Tensors are host memory, copied to the device and back "
                     "around every op (for mlir-runner); false: function "
                     "arguments are device buffers, memref results become "
                     "output buffers the caller allocates on the device, "
                     "and the kernels run on the CUstream passed as every "
                     "function's last argument (null: the default stream), "
                     "with no copy and no wait (docs/GPU.md)"),
      llvm::cl::init(true)};
};

/// `microscale-gpu-pipeline`: user IR with microscale ops on tensors to host
/// LLVM dialect that launches the kernels of a `gpu.binary` (PTX or cubin)
/// through the mgpu* runtime ABI; `mlir-translate --mlir-to-llvmir` turns it
/// into a host module. Host tensors are copied to device memory and back
/// around every microscale op, or with host-data=false stay on the device
/// (docs/GPU.md).
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
