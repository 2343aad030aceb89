//===- KernelSelection.cpp - which GPU kernel lowers each matmul ----------===//

#include "microscale/Conversion/MicroscaleToGPU/KernelSelection.h"

using namespace mlir;
using namespace mlir::microscale;

int64_t mlir::microscale::getMatmulK(MatmulOp op) {
  Type lhs = op.getLhs().getType();
  if (auto quantized = dyn_cast<QuantizedTensorType>(lhs))
    return quantized.getBlockedDimSize();
  return cast<RankedTensorType>(lhs).getShape().back();
}

MatmulStrategy
mlir::microscale::selectMatmulKernel(MatmulOp op, const GPUTarget &target,
                                     const GPULoweringOptions &options) {
  Type a = op.getLhs().getType(), b = op.getRhs().getType();
  int64_t k = getMatmulK(op);
  bool inexact = options.inexactTensorCores;
  switch (target.getMatmulStrategy()) {
  case MatmulStrategy::MmaBlockScale:
    if (mmaBlockScaleTakes(a, b, k))
      return MatmulStrategy::MmaBlockScale;
    break;
  case MatmulStrategy::Tcgen05BlockScale:
    if (tcgen05BlockScaleTakes(a, b, k))
      return MatmulStrategy::Tcgen05BlockScale;
    break;
  case MatmulStrategy::WgmmaFP8:
    if (wgmmaFP8Takes(a, b, k, target, inexact))
      return MatmulStrategy::WgmmaFP8;
    // Blocks of other sizes: the warp-level mma.sync kernel.
    [[fallthrough]];
  case MatmulStrategy::MmaSyncFP8:
    if (mmaSyncFP8Takes(a, b, k, target, inexact))
      return MatmulStrategy::MmaSyncFP8;
    break;
  case MatmulStrategy::FMA:
    break;
  }
  return MatmulStrategy::FMA;
}

std::optional<
    std::pair<::microscale::formats::Format, ::microscale::formats::Format>>
mlir::microscale::takenElementFormats(Type a, Type b, MatmulStrategy strategy) {
  auto qa = dyn_cast<QuantizedTensorType>(a);
  auto qb = dyn_cast<QuantizedTensorType>(b);
  if (!qa || !qb)
    return std::nullopt;
  ::microscale::formats::Format ea = qa.getScheme().toFormats().element;
  ::microscale::formats::Format eb = qb.getScheme().toFormats().element;
  if (!GPUTarget::takesElements(strategy, ea, eb))
    return std::nullopt;
  return std::make_pair(ea, eb);
}

StringRef mlir::microscale::stringifyMatmulStrategy(MatmulStrategy strategy) {
  switch (strategy) {
  case MatmulStrategy::FMA:
    return "fma";
  case MatmulStrategy::MmaSyncFP8:
    return "mma-sync-fp8";
  case MatmulStrategy::WgmmaFP8:
    return "wgmma-fp8";
  case MatmulStrategy::MmaBlockScale:
    return "mma-block-scale";
  case MatmulStrategy::Tcgen05BlockScale:
    return "tcgen05-block-scale";
  }
  llvm_unreachable("unknown matmul strategy");
}
