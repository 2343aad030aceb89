//===- TensorMapWrappers.cpp - mgpuTensorMapEncodeTiledMemref (TMA) -------===//
//
// `convert-nvgpu-to-nvvm` lowers nvgpu.tma.create.descriptor to this call;
// TensorMapGeometry.h turns the memref into the driver's terms.
//
//===----------------------------------------------------------------------===//

#include "CudaContext.h"
#include "CudaDriver.h"
#include "CudaError.h"
#include "TensorMapCache.h"
#include "TensorMapGeometry.h"

#include "microscale/Runtime/CudaRuntime.h"

#include <cstring>

using namespace microscale::runtime;

extern "C" void *mgpuTensorMapEncodeTiledMemref(
    int64_t rank, void *descriptor, int64_t dataType, int64_t interleave,
    int64_t swizzle, int64_t l2Promotion, int64_t oobFill, int64_t *boxDims) {
  TensorMapGeometry geometry;
  std::string error =
      computeTensorMapGeometry(rank, descriptor, dataType, boxDims, geometry);
  if (!error.empty())
    fatalError("mgpuTensorMapEncodeTiledMemref: " + error);
  cuuint32_t elementStrides[5] = {1, 1, 1, 1, 1};

  CUdevice device = useDefaultContext();
  CUtensorMap tensorMap;
  // Padding bytes of the struct take part in the cache's key.
  std::memset(&tensorMap, 0, sizeof(tensorMap));
  MICROSCALE_CU(cuTensorMapEncodeTiled, &tensorMap,
                static_cast<CUtensorMapDataType>(dataType), geometry.rank,
                geometry.globalAddress, geometry.globalDim,
                geometry.globalStrides, geometry.boxDim, elementStrides,
                static_cast<CUtensorMapInterleave>(interleave),
                static_cast<CUtensorMapSwizzle>(swizzle),
                static_cast<CUtensorMapL2promotion>(l2Promotion),
                static_cast<CUtensorMapFloatOOBfill>(oobFill));
  // Kernels take the descriptor by pointer to global memory: one device
  // copy per distinct map (TensorMapCache.h), so that calling a kernel
  // again copies and allocates nothing.
  uint64_t deviceMap = tensorMapCache().get(
      static_cast<int>(device), &tensorMap, sizeof(tensorMap),
      [](const void *bytes, size_t size) -> uint64_t {
        CUdeviceptr copy = 0;
        MICROSCALE_CU(cuMemAlloc, &copy, size);
        MICROSCALE_CU(cuMemcpy, copy, reinterpret_cast<CUdeviceptr>(bytes),
                      size);
        return static_cast<uint64_t>(copy);
      });
  return reinterpret_cast<void *>(deviceMap);
}
