//===- Kernels.h - the GPU lowering of each microscale op -------*- C++ -*-===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_KERNELS_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_KERNELS_H

#include "microscale/Conversion/MicroscaleToGPU/MicroscaleToGPU.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir::microscale::nvvm {

/// quantize and requantize: one thread per block.
/// The FP4 / UE8M0 hardware converts where the target has them.
void populateQuantizeKernelPatterns(RewritePatternSet &patterns,
                                    const GPUTarget &target,
                                    const GPULoweringOptions &options);
/// dequantize: one thread per element.
void populateDequantizeKernelPatterns(RewritePatternSet &patterns,
                                      const GPULoweringOptions &options);
/// matmul: the kernel of the chip's matmul strategy (target description).
void populateMatmulKernelPatterns(RewritePatternSet &patterns,
                                  const GPUTarget &target,
                                  const GPULoweringOptions &options);

} // namespace mlir::microscale::nvvm

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_KERNELS_H
