//===- Lowerings.h - the CPU lowering of each microscale op -----*- C++ -*-===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_LOWERINGS_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_LOWERINGS_H

#include "microscale/Conversion/MicroscaleToCPU/KernelSelection.h"
#include "microscale/Conversion/MicroscaleToCPU/MicroscaleToCPU.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::microscale::cpu {

/// Cut-offs in static rows of A that KernelSelection.cpp decides by and
/// the matmul kernels shape their tiles by. Up to kFusedFewRows rows any
/// weights take FusedDecode, up to kFusedMaxRows table-decoded ones do
/// (the register tile still holds every row's accumulators); from
/// kFloatPanelMinRows rows FloatPanelGemm's outer-product tiles win.
constexpr int64_t kFusedFewRows = 2;
constexpr int64_t kFusedMaxRows = 8;
constexpr int64_t kFloatPanelMinRows = 16;
/// Values of K per LaneGemv step for weights of `elementBits`: the codes
/// of one 64-byte load.
constexpr int64_t laneGemvStep(int64_t elementBits) {
  return 512 / elementBits;
}
/// Values of K per FloatPanelGemm panel (f32 or bf16 panel values).
int64_t floatPanelGemmDepth(bool bf16);

/// Gives each matmul of plain activations with dynamic rows and
/// block-scaled weights a branch for one row at run time, where kernel
/// selection takes the few-row kernel.
void specializeSingleRow(ModuleOp module);

void populateQuantizeLoweringPatterns(RewritePatternSet &patterns,
                                      const CPUTarget &target);
void populateDequantizeLoweringPatterns(RewritePatternSet &patterns,
                                        const CPUTarget &target);
void populateMatmulLoweringPatterns(RewritePatternSet &patterns,
                                    const CPUTarget &target);
/// Each matmul pattern lowers the ops whose selectMatmulKernel names its
/// kernel.
void populateInt8DotMatmulPatterns(RewritePatternSet &patterns,
                                   const CPUTarget &target);
void populateFloatPanelGemmPatterns(RewritePatternSet &patterns,
                                    const CPUTarget &target);
void populateLaneGemvPatterns(RewritePatternSet &patterns,
                                const CPUTarget &target);

} // namespace mlir::microscale::cpu

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_LOWERINGS_H
