//===- GPUTarget.cpp - the chip table -------------------------------------===//

#include "microscale/Conversion/MicroscaleToGPU/GPUTarget.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <cmath>

using namespace mlir;
using namespace mlir::microscale;
namespace formats = ::microscale::formats;

/// One row per chip. PTX versions: the lowest that has every instruction the
/// chip's kernels use, never the backend's default (PTX 8.4 brings the E4M3
/// `mma.sync.m16n8k32`; sm_100a/sm_103a need 8.8 for tcgen05 block
/// scaling, sm_120a's block-scaled mma 8.7).
static const GPUChipInfo kChips[] = {
    {"sm_80", 70, MatmulStrategy::FMA, 0},
    {"sm_89", 84, MatmulStrategy::MmaSyncFP8, 14},
    {"sm_90a", 84, MatmulStrategy::WgmmaFP8, 14},
    {"sm_100a", 88, MatmulStrategy::Tcgen05BlockScale, 14,
     /*tcgen05AsIntrinsics=*/false, /*fp4Converts=*/true},
    {"sm_103a", 88, MatmulStrategy::Tcgen05BlockScale, 14,
     /*tcgen05AsIntrinsics=*/true, /*fp4Converts=*/true},
    {"sm_120a", 87, MatmulStrategy::MmaBlockScale, 14,
     /*tcgen05AsIntrinsics=*/false, /*fp4Converts=*/true},
};

FailureOr<GPUTarget> GPUTarget::get(StringRef chip) {
  for (const GPUChipInfo &info : kChips)
    if (chip == info.chip)
      return GPUTarget(&info);
  return failure();
}

std::string GPUTarget::supportedChips() {
  return llvm::join(
      llvm::map_range(
          kChips, [](const GPUChipInfo &info) { return StringRef(info.chip); }),
      ", ");
}

std::string GPUTarget::getFeatures() const {
  return "+ptx" + std::to_string(info->ptxVersion);
}

/// Every E2M1, E2M3, E3M2 and E4M3 value is an E4M3 value.
static bool upcastsExactlyToE4M3(formats::Format format) {
  return format == formats::Format::E2M1 || format == formats::Format::E2M3 ||
         format == formats::Format::E3M2 || format == formats::Format::E4M3;
}

bool GPUTarget::takesElements(MatmulStrategy strategy, formats::Format a,
                              formats::Format b) {
  switch (strategy) {
  case MatmulStrategy::FMA:
    return true;
  case MatmulStrategy::MmaSyncFP8:
  case MatmulStrategy::WgmmaFP8:
    return upcastsExactlyToE4M3(a) && upcastsExactlyToE4M3(b);
  case MatmulStrategy::MmaBlockScale:
  case MatmulStrategy::Tcgen05BlockScale:
    return a != formats::Format::Int8 && b != formats::Format::Int8;
  }
  return false;
}

bool GPUTarget::sumsFP8ProductsExactly(formats::Format a, formats::Format b,
                                       int64_t products) const {
  if (info->fp8SumBits == 0)
    return false;
  // A sum of `products` products is a multiple of lsb(a) * lsb(b) below
  // products * max(a) * max(b): it needs the bits from the top of that
  // bound down to the product of the two grids' spacings.
  const formats::FormatInfo &fa = formats::getFormatInfo(a);
  const formats::FormatInfo &fb = formats::getFormatInfo(b);
  int lsb =
      (fa.minExponent - fa.mantissaBits) + (fb.minExponent - fb.mantissaBits);
  double bound =
      static_cast<double>(products) * fa.largestFinite * fb.largestFinite;
  int top = static_cast<int>(std::floor(std::log2(bound))) + 1;
  return top - lsb <= info->fp8SumBits;
}
