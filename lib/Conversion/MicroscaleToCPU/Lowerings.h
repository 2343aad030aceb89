//===- Lowerings.h - the CPU lowering of each microscale op -----*- C++ -*-===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_LOWERINGS_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_LOWERINGS_H

#include "microscale/Conversion/MicroscaleToCPU/MicroscaleToCPU.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir::microscale::cpu {

void populateQuantizeLoweringPatterns(RewritePatternSet &patterns,
                                      const CPUTarget &target);
void populateDequantizeLoweringPatterns(RewritePatternSet &patterns,
                                        const CPUTarget &target);
void populateMatmulLoweringPatterns(RewritePatternSet &patterns,
                                    const CPUTarget &target);
/// Matmuls of two exact-int8 operands with VNNI (preferred over the
/// general matmul lowering where it applies).
void populateInt8DotMatmulPatterns(RewritePatternSet &patterns,
                                   const CPUTarget &target);
/// Matmuls of many rows of f32/bf16 activations with block-scaled weights
/// on AVX-512 (preferred over the general matmul lowering where it applies).
void populateFloatPanelGemmPatterns(RewritePatternSet &patterns,
                                    const CPUTarget &target);

} // namespace mlir::microscale::cpu

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_LOWERINGS_H
