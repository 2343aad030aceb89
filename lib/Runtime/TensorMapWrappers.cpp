//===- TensorMapWrappers.cpp - mgpuTensorMapEncodeTiledMemref (TMA) -------===//
//
// `convert-nvgpu-to-nvvm` lowers nvgpu.tma.create.descriptor to this call;
// TensorMapGeometry.h turns the memref into the driver's terms.
//
//===----------------------------------------------------------------------===//

#include "CudaContext.h"
#include "CudaDriver.h"
#include "CudaError.h"
#include "TensorMapGeometry.h"

#include "microscale/Runtime/CudaRuntime.h"

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

  useDefaultContext();
  CUtensorMap tensorMap;
  MICROSCALE_CU(cuTensorMapEncodeTiled, &tensorMap,
                static_cast<CUtensorMapDataType>(dataType), geometry.rank,
                geometry.globalAddress, geometry.globalDim,
                geometry.globalStrides, geometry.boxDim, elementStrides,
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
