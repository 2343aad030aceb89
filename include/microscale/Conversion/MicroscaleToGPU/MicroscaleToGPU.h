//===- MicroscaleToGPU.h - microscale to GPU kernels -----------*- C++ -*-===//

#ifndef MICROSCALE_CONVERSION_MICROSCALETOGPU_MICROSCALETOGPU_H
#define MICROSCALE_CONVERSION_MICROSCALETOGPU_MICROSCALETOGPU_H

#include "microscale/Conversion/MicroscaleToGPU/GPUTarget.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir::microscale {

/// Choices of the GPU lowering beyond the chip.
struct GPULoweringOptions {
  /// Run matmuls on the FP8 tensor cores also when they round a K-block's
  /// sum (GPUTarget::sumsFP8ProductsExactly false), for Hopper's FP8
  /// tensor-core speed, as cuBLAS's FP8 GEMMs do. False keeps those element
  /// pairs on the FMA kernel, within the Numerics §4 bound for every K.
  bool inexactTensorCores = true;
  /// Tensors are host memory, copied to the device and back around every
  /// op; false: device buffers, kernels on the functions' stream argument
  /// (the module must have been given one: see convert-microscale-to-gpu).
  bool hostData = true;
};

/// Patterns that lower microscale quantize, dequantize, requantize and
/// matmul on host tensors to `gpu.launch` kernels for `target`, with the
/// host code that moves the operands to device memory and the results back
/// (see docs/GPU.md), or with `options.hostData` false on device-resident
/// tensors with no copy. Results are `bufferization.to_tensor` of host buffers;
/// block-scaled results are `microscale.pack` of their storage, block-scaled
/// operands are read through `microscale.unpack`, as in the CPU lowering.
void populateMicroscaleToGPUConversionPatterns(
    RewritePatternSet &patterns, const GPUTarget &target,
    const GPULoweringOptions &options = {});

} // namespace mlir::microscale

#endif // MICROSCALE_CONVERSION_MICROSCALETOGPU_MICROSCALETOGPU_H
