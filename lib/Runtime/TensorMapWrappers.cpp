//===- TensorMapWrappers.cpp - mgpuTensorMapEncodeTiledMemref (TMA) -------===//
//
// `convert-nvgpu-to-nvvm` lowers nvgpu.tma.create.descriptor to this call.
// The driver wants the extents innermost first, the strides of the outer
// dimensions in bytes and the box innermost first; the memref gives all of
// them outermost first, in elements.
//
//===----------------------------------------------------------------------===//

#include "CudaContext.h"
#include "CudaDriver.h"
#include "CudaError.h"
#include "MemRefDescriptor.h"

#include "microscale/Runtime/CudaRuntime.h"

#include <string>

using namespace microscale::runtime;

namespace {

/// Bits per element of each CUtensorMapDataType, in enum order; the last
/// three are the packed 4- and 6-bit types of sm_100.
constexpr int kElementBits[] = {8,  16, 32, 32, 64, 64, 16, 32,
                                64, 16, 32, 32, 32, 4,  4,  6};
constexpr int64_t kNumDataTypes = sizeof(kElementBits) / sizeof(int);

[[noreturn]] void invalidTensorMap(const std::string &why) {
  fatalError("mgpuTensorMapEncodeTiledMemref: " + why);
}

/// `elements` of `bits` each, in bytes; must be a whole number of bytes.
uint64_t bytesOf(int64_t elements, int bits, const char *what) {
  if ((elements * bits) % 8 != 0)
    invalidTensorMap(std::string(what) + " of " + std::to_string(elements) +
                     " elements is not a whole number of bytes");
  return static_cast<uint64_t>(elements * bits / 8);
}

} // namespace

extern "C" void *mgpuTensorMapEncodeTiledMemref(
    int64_t rank, void *descriptor, int64_t dataType, int64_t interleave,
    int64_t swizzle, int64_t l2Promotion, int64_t oobFill, int64_t *boxDims) {
  if (rank < 1 || rank > 5)
    invalidTensorMap("rank " + std::to_string(rank) + " is outside 1..5");
  if (dataType < 0 || dataType >= kNumDataTypes)
    invalidTensorMap("unknown data type " + std::to_string(dataType));
  if (!descriptor || !boxDims)
    invalidTensorMap("null memref descriptor or box");
  int bits = kElementBits[dataType];
  MemRefDescriptorView memref(rank, descriptor);

  cuuint64_t globalDim[5];
  cuuint64_t globalStrides[4];
  cuuint32_t boxDim[5];
  cuuint32_t elementStrides[5] = {1, 1, 1, 1, 1};
  for (int64_t d = 0; d < rank; ++d) {
    int64_t outer = rank - 1 - d;
    if (memref.size(outer) < 1 || boxDims[outer] < 1)
      invalidTensorMap("empty extent or box in dimension " +
                       std::to_string(outer));
    globalDim[d] = static_cast<cuuint64_t>(memref.size(outer));
    boxDim[d] = static_cast<cuuint32_t>(boxDims[outer]);
  }
  // The innermost dimension has implicit stride 1: only the outer ones.
  for (int64_t d = 1; d < rank; ++d)
    globalStrides[d - 1] =
        bytesOf(memref.stride(rank - 1 - d), bits, "a stride");
  void *globalAddress =
      memref.alignedData() + bytesOf(memref.offset(), bits, "the offset");

  useDefaultContext();
  CUtensorMap tensorMap;
  MICROSCALE_CU(cuTensorMapEncodeTiled, &tensorMap,
                static_cast<CUtensorMapDataType>(dataType),
                static_cast<cuuint32_t>(rank), globalAddress, globalDim,
                globalStrides, boxDim, elementStrides,
                static_cast<CUtensorMapInterleave>(interleave),
                static_cast<CUtensorMapSwizzle>(swizzle),
                static_cast<CUtensorMapL2promotion>(l2Promotion),
                static_cast<CUtensorMapFloatOOBfill>(oobFill));
  // Kernels take the descriptor by pointer to global memory.
  CUdeviceptr deviceMap = 0;
  MICROSCALE_CU(cuMemAlloc, &deviceMap, sizeof(CUtensorMap));
  MICROSCALE_CU(cuMemcpy, deviceMap, reinterpret_cast<CUdeviceptr>(&tensorMap),
                sizeof(CUtensorMap));
  return reinterpret_cast<void *>(deviceMap);
}
